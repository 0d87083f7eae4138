"""Hostile import lines and webhook bodies (issue #11, item 4): each bad line is reported with
its line number and reason, every good line is imported, the webhook answers 400 JSON, and a
delivery whose processing failed is kept and processed again."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from social.ingest import file_import, webhook
from social.ingest.webhook import signature
from social.models import Complaint, WebhookDelivery

pytestmark = pytest.mark.django_db
SECRET = "s3cret-for-tests"


def good(n):
    return {
        "network": "x",
        "external_id": f"g{n}",
        "author_handle": f"user{n}",
        "text": f"my mails bounce #{n}",
        "created_at": "2026-11-20T10:00:00Z",
    }


DEEP = "[" * 100_000 + "]" * 100_000
# (raw JSONL line, the reason reported)
BAD_LINES = [
    (DEEP.encode(), "JSON nested too deep"),
    (
        b'{"network": "x", "external_id": "s1", "author_handle": "a", "text": "hi \\ud83d there",'
        b' "created_at": "2026-11-20T10:00:00Z"}',
        "lone surrogate in 'text'",
    ),
    (
        json.dumps(
            {**good(0), "external_id": "y1", "created_at": "0001-01-01T00:00:00+05:00"}
        ).encode(),
        "created_at is out of range",
    ),
    (
        json.dumps(
            {**good(0), "external_id": "y9", "created_at": "9999-12-31T23:59:59-05:00"}
        ).encode(),
        "created_at is out of range",
    ),
    (
        json.dumps({**good(0), "external_id": "n1", "text": "nul \u0000 byte"}).encode(),
        "NUL character in 'text'",
    ),
    (
        json.dumps({**good(0), "external_id": "n2", "author_handle": "a\u0000b"}).encode(),
        "NUL character in 'author_handle'",
    ),
    (
        b'{"network": "x", "external_id": "u1", "author_handle": "a", "text": "caf\xe9 \xff",'
        b' "created_at": "2026-11-20T10:00:00Z"}',
        "invalid UTF-8",
    ),
]


def test_every_bad_line_is_reported_and_every_good_line_imported(tmp_path, kb):
    path = tmp_path / "hostile.jsonl"
    with open(path, "wb") as out:
        for n, (line, _reason) in enumerate(BAD_LINES):
            out.write(json.dumps(good(n)).encode() + b"\n")
            out.write(line + b"\n")
        out.write(json.dumps(good(99)).encode() + b"\n")
    summary = file_import.import_file(path, batch_size=1000)
    assert [number for number, _reason in summary.rejected] == [
        2 * n + 2 for n in range(len(BAD_LINES))
    ]
    for (_number, reason), (_line, want) in zip(summary.rejected, BAD_LINES, strict=True):
        assert want in reason
    assert summary.imported == len(BAD_LINES) + 1
    assert Complaint.objects.count() == len(BAD_LINES) + 1
    assert all(c.matched for c in Complaint.objects.all())


def test_bad_csv_rows_are_reported_and_good_rows_imported(tmp_path, kb):
    path = tmp_path / "hostile.csv"
    header = b"network,external_id,author_handle,text,created_at\n"
    rows = [
        b"x,c1,ann,my mails bounce,2026-11-20T10:00:00Z\n",
        b"x,c2,bob,caf\xe9 bounce,2026-11-20T10:00:00Z\n",
        b"x,c3,cid,nul \x00 bounce,2026-11-20T10:00:00Z\n",
        b"x,c4,dan,year one,0001-01-01T00:00:00+01:00\n",
        b"x,c5,eve,my mails bounce too,2026-11-20T10:00:00Z\n",
    ]
    path.write_bytes(header + b"".join(rows))
    summary = file_import.import_file(path)
    assert [number for number, _reason in summary.rejected] == [3, 4, 5]
    assert "invalid UTF-8" in summary.rejected[0][1]
    assert "NUL character" in summary.rejected[1][1]
    assert "out of range" in summary.rejected[2][1]
    assert set(Complaint.objects.values_list("external_id", flat=True)) == {"c1", "c5"}


def test_a_batch_the_database_refuses_is_stored_line_by_line(tmp_path, kb, monkeypatch):
    """Whatever the checks miss, the database's refusal costs one line, not the batch."""
    from django.db import DataError

    original = file_import.store

    def store(records):
        if any(r["external_id"] == "g3" for r in records):
            raise DataError("value refused by the database")
        return original(records)

    monkeypatch.setattr(file_import, "store", store)
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(good(n)) + "\n" for n in range(6)))
    summary = file_import.import_file(path, batch_size=1000)
    assert summary.rejected == [(4, "not stored: value refused by the database")]
    assert summary.imported == 5


@pytest.fixture
def secret(settings):
    settings.SOCIAL_WEBHOOK_SECRET = SECRET


def post(client, raw):
    headers = {"X-OneReply-Signature": signature(raw, SECRET)}
    return client.post("/social/webhook/", raw, content_type="application/json", headers=headers)


def test_webhook_answers_400_json_to_every_bad_body(client, kb, secret):
    for line, reason in [*BAD_LINES, (b"{not json", "invalid JSON")]:
        response = post(client, line)
        assert response.status_code == 400, reason
        assert reason in response.json()["error"]
    assert not Complaint.objects.exists()
    assert WebhookDelivery.objects.filter(status="rejected").count() == len(BAD_LINES) + 1
    assert post(client, json.dumps(good(1)).encode()).status_code == 201


def test_failed_webhook_processing_is_kept_and_processed_again(client, kb, secret, monkeypatch):
    original = webhook.ingest

    def broken(record):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(webhook, "ingest", broken)
    response = post(client, json.dumps(good(1)).encode())
    assert response.status_code == 202 and response.json()["outcome"] == "queued"
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and "database is locked" in delivery.error
    assert bytes(delivery.body) == json.dumps(good(1)).encode()
    assert not Complaint.objects.exists()

    monkeypatch.setattr(webhook, "ingest", original)
    out = StringIO()
    call_command("process_webhooks", stdout=out)
    assert "Processed: 1; still failing: 0" in out.getvalue()
    delivery.refresh_from_db()
    assert delivery.status == "done" and delivery.outcome == "created"
    assert delivery.complaint == Complaint.objects.get(external_id="g1")
