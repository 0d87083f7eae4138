"""`manage.py import_complaints`: JSONL and CSV (Kaggle too), malformed lines, twice,
interrupted, skipped accounts; new complaints are matched."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command

from social.ingest import file_import
from social.models import BlockedAccount, Complaint

pytestmark = pytest.mark.django_db


def write_jsonl(path, rows, raw_lines=()):
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
        for line in raw_lines:
            out.write(line + "\n")
    return path


def row(n, text="my mails bounce", network="x", handle=None):
    return {
        "network": network,
        "external_id": str(n),
        "author_handle": handle or f"user{n}",
        "text": f"{text} #{n}",
        "created_at": f"2026-11-20T10:{n % 60:02d}:00Z",
    }


def run(path, *args):
    out = StringIO()
    call_command("import_complaints", str(path), "--no-progress", *args, stdout=out)
    return out.getvalue()


def test_good_file_is_imported_and_matched(tmp_path, kb):
    path = write_jsonl(tmp_path / "c.jsonl", [row(n) for n in range(1, 6)])
    output = run(path)
    assert "Imported: 5" in output
    assert "Rejected: 0" in output
    complaint = Complaint.objects.get(external_id="3")
    assert complaint.network == "x" and complaint.author_handle == "user3"
    assert complaint.language == "en"
    assert complaint.matched
    top = complaint.top_suggestion()
    assert top.article == kb["bounce"]
    assert "bounce" in top.matched_terms


def test_malformed_lines_are_reported_with_line_numbers_and_do_not_stop(tmp_path, kb):
    bad = [
        "{not json",
        json.dumps({**row(90), "network": "myspace"}),
        json.dumps({**row(91), "text": ""}),
        json.dumps({**row(92), "created_at": "yesterday"}),
        json.dumps(["a", "list"]),
    ]
    path = write_jsonl(tmp_path / "c.jsonl", [row(1), row(2)], raw_lines=bad)
    with open(path, "a") as out:
        out.write(json.dumps(row(3)) + "\n")
    output = run(path, "--no-match")
    assert "Imported: 3" in output
    assert "Rejected: 5" in output
    assert "line 3: invalid JSON" in output
    assert "line 4: unknown network 'myspace'" in output
    assert "line 5: missing text" in output
    assert "line 6: created_at is not a date" in output
    assert "line 7: not a JSON object" in output
    assert Complaint.objects.count() == 3


def test_importing_twice_creates_nothing_new(tmp_path, kb):
    path = write_jsonl(tmp_path / "c.jsonl", [row(n) for n in range(1, 11)] + [row(1)])
    first = run(path)
    assert "Imported: 10" in first and "Duplicates: 1" in first
    second = run(path)
    assert "Imported: 0" in second and "Duplicates: 11" in second
    assert Complaint.objects.count() == 10


def test_interrupted_import_restarts_without_loss_or_duplicates(tmp_path, kb, monkeypatch):
    path = write_jsonl(tmp_path / "c.jsonl", [row(n) for n in range(1, 26)])
    real_triage = file_import.triage
    calls = []

    def interrupted(complaints):  # Ctrl-C while matching the third batch
        calls.append(len(complaints))
        if len(calls) == 3:
            raise KeyboardInterrupt
        real_triage(complaints)

    monkeypatch.setattr(file_import, "triage", interrupted)
    with pytest.raises(KeyboardInterrupt):
        file_import.import_file(path, batch_size=5)
    assert Complaint.objects.count() == 15  # three batches stored, the third not matched
    assert Complaint.objects.filter(matched=False).count() == 5

    monkeypatch.setattr(file_import, "triage", real_triage)
    summary = file_import.import_file(path, batch_size=5)
    assert summary.imported == 10 and summary.duplicates == 15
    assert Complaint.objects.count() == 25
    assert not Complaint.objects.filter(matched=False).exists()
    assert sorted(int(i) for i in Complaint.objects.values_list("external_id", flat=True)) == list(
        range(1, 26)
    )


def test_kaggle_csv_imports_inbound_tweets_only(tmp_path, kb):
    path = tmp_path / "twcs.csv"
    columns = [
        "tweet_id",
        "author_id",
        "inbound",
        "created_at",
        "text",
        "response_tweet_id",
        "in_response_to_tweet_id",
    ]
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerow(
            [
                "1",
                "115712",
                "True",
                "Tue Oct 31 22:10:47 +0000 2017",
                "@sprintcare my mails bounce",
                "2",
                "",
            ]
        )
        writer.writerow(
            [
                "2",
                "sprintcare",
                "False",
                "Tue Oct 31 22:11:45 +0000 2017",
                "@115712 sorry!",
                "",
                "1",
            ]
        )
        writer.writerow(["3", "115713", "True", "not a date", "site down", "", ""])
        writer.writerow(
            ["4", "115714", "True", "Tue Oct 31 22:15:00 +0000 2017", "502 everywhere", "", "1"]
        )
    output = run(path)
    assert "Imported: 2" in output
    assert "Skipped (not complaints, reposts, brand or blocked accounts): 1" in output
    assert "line 4: created_at is not a date" in output
    first = Complaint.objects.get(external_id="1")
    assert first.network == "x" and first.author_handle == "115712"
    assert first.created_at.isoformat() == "2017-10-31T22:10:47+00:00"
    assert Complaint.objects.get(external_id="4").in_reply_to_id == "1"


def test_reposts_brand_posts_and_blocked_accounts_are_skipped(tmp_path, kb, monkeypatch):
    monkeypatch.setenv("SOCIAL_BRAND_HANDLES", "NimbusHelp")
    BlockedAccount.objects.create(network="x", handle="troll")
    rows = [
        {**row(1), "is_repost": True},
        row(2, handle="nimbushelp"),
        row(3, handle="troll"),
        row(4, handle="troll", network="mastodon"),
    ]
    output = run(write_jsonl(tmp_path / "c.jsonl", rows), "--no-match")
    assert "Imported: 1" in output
    assert list(Complaint.objects.values_list("external_id", "network")) == [("4", "mastodon")]


def test_missing_file_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No such file"):
        call_command("import_complaints", str(tmp_path / "nope.jsonl"))
