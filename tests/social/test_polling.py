"""`manage.py poll_social`: resume from the stored cursor, ingest, store the new cursor.
The Mastodon API is replayed from the networks' recorded responses (no network here)."""

import json
from io import StringIO
from pathlib import Path

import pytest
import responses
from django.core.management import call_command
from responses import matchers

from social.models import BlockedAccount, Complaint, PollState

pytestmark = pytest.mark.django_db
RECORDING = Path(__file__).parents[1] / "networks" / "recordings" / "mastodon_notifications.json"
NOTIFICATIONS = "https://mastodon.social/api/v1/notifications"


@pytest.fixture
def mastodon(monkeypatch):
    for name in ("X_BEARER_TOKEN", "X_USER_ID", "BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MASTODON_API_BASE_URL", "https://mastodon.social")
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", "masto-token")
    with responses.RequestsMock() as mock:
        yield mock


def page(mock, min_id, body):
    mock.get(
        NOTIFICATIONS,
        json=body,
        match=[
            matchers.query_param_matcher({"types[]": "mention", "min_id": min_id, "limit": "40"})
        ],
    )


def run():
    out = StringIO()
    call_command("poll_social", stdout=out)
    return out.getvalue()


def test_poll_resumes_from_the_cursor_and_ingests_new_mentions(mastodon, kb):
    if not RECORDING.exists():
        pytest.skip("the networks branch's recordings are not here")
    PollState.objects.create(network="mastodon", cursor="412300000")
    BlockedAccount.objects.create(network="mastodon", handle="marc@mastodon.social")
    page(mastodon, "412300000", json.loads(RECORDING.read_text()))
    output = run()
    assert "mastodon:" in output and "created: 1" in output and "blocked account: 1" in output
    complaint = Complaint.objects.get()
    assert complaint.network == "mastodon" and complaint.author_handle == "alice@fosstodon.org"
    assert complaint.matched
    assert PollState.objects.get(network="mastodon").cursor == "412300077"

    page(mastodon, "412300077", [])  # the next run starts where this one stopped
    assert "nothing new" in run()
    assert Complaint.objects.count() == 1


def test_a_failing_network_keeps_its_cursor(mastodon, db):
    PollState.objects.create(network="mastodon", cursor="412300000")
    mastodon.get(NOTIFICATIONS, status=503, json={"error": "unavailable"})
    assert "error: 1" in run()
    assert PollState.objects.get(network="mastodon").cursor == "412300000"


def test_no_network_configured(monkeypatch, db):
    for name in ("MASTODON_API_BASE_URL", "X_BEARER_TOKEN", "BLUESKY_HANDLE"):
        monkeypatch.delenv(name, raising=False)
    assert "No network configured" in run()
