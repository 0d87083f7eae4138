"""`POST /social/webhook/`: HMAC-signed JSON, idempotent on the external id."""

import json

import pytest

from social.ingest.webhook import signature
from social.models import Complaint

pytestmark = pytest.mark.django_db
SECRET = "s3cret-for-tests"
URL = "/social/webhook/"


@pytest.fixture(autouse=True)
def secret(settings):
    settings.SOCIAL_WEBHOOK_SECRET = SECRET


def body(**extra):
    data = {
        "network": "x",
        "external_id": "1850000000000000001",
        "author_handle": "@dana",
        "text": "my mails bounce again",
        "created_at": "2026-11-20T10:00:00+00:00",
        "conversation_id": "1850000000000000001",
        **extra,
    }
    return json.dumps(data).encode()


def post(client, raw, sign_with=SECRET):
    headers = {"X-OneReply-Signature": signature(raw, sign_with)} if sign_with else {}
    return client.post(URL, raw, content_type="application/json", headers=headers)


def test_signed_complaint_is_created_and_matched(client, kb):
    response = post(client, body())
    assert response.status_code == 201
    complaint = Complaint.objects.get(pk=response.json()["id"])
    assert complaint.author_handle == "dana"
    assert complaint.conversation_id == "1850000000000000001"
    assert complaint.top_suggestion().article == kb["bounce"]


def test_bad_or_missing_signature_is_403(client, kb):
    assert post(client, body(), sign_with="wrong").status_code == 403
    assert post(client, body(), sign_with=None).status_code == 403
    assert not Complaint.objects.exists()


def test_replay_creates_no_duplicate(client, kb):
    assert post(client, body()).status_code == 201
    replay = post(client, body())
    assert replay.status_code == 200
    assert replay.json()["outcome"] == "duplicate"
    assert Complaint.objects.count() == 1


def test_invalid_json_and_missing_fields_are_400(client):
    response = post(client, b"{nope")
    assert response.status_code == 400 and "JSON" in response.json()["error"]
    response = post(client, body(text=""))
    assert response.status_code == 400 and response.json()["error"] == "missing text"


def test_a_javascript_url_is_refused(client):
    response = post(client, body(url="javascript:alert(1)"))
    assert response.status_code == 400 and "url must start with http" in response.json()["error"]
    assert not Complaint.objects.exists()


def test_unconfigured_webhook_answers_503(client, settings):
    settings.SOCIAL_WEBHOOK_SECRET = ""
    assert post(client, body()).status_code == 503


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


def test_language_outside_the_help_center_is_detected(client):
    response = post(client, body(language="und", text="Mes mails ne partent plus du tout"))
    assert Complaint.objects.get(pk=response.json()["id"]).language == "fr"
    response = post(client, body(external_id="2", language="en-GB"))
    assert Complaint.objects.get(pk=response.json()["id"]).language == "en"
