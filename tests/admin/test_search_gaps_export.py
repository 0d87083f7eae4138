"""The Search gaps export: visitors' queries never become spreadsheet formulas."""

import csv
import io

from kb.models import SearchQuery

HOSTILE = ["=1+2", "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3", "\tx=1", "\r=1"]


def test_csv_export_neutralises_formulas(client, moderator):
    for query in [*HOSTILE, "plain question", "what is 2-1"]:
        SearchQuery.objects.create(query=query, language="en", result_count=0)
    client.force_login(moderator)
    response = client.get("/admin/reports/search-gaps/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    queries = {row[0] for row in rows[1:]}
    assert queries == {"'" + q for q in HOSTILE} | {"plain question", "what is 2-1"}
