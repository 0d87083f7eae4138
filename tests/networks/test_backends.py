"""Posting backends against recorded API responses: the requests they make, what they return."""

import json
import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from responses import matchers

from social.networks import (
    ConfigurationError,
    PostingError,
    SentPost,
    get_backend,
    intent_url,
    reply_length,
    reply_text,
)

from .conftest import BSKY_PDS, MASTODON, X_API, post, recording

BOUNCES = "https://help.nimbus-domains.com/en/email/why-do-my-e-mails-bounce/"


# --- choosing a backend ---------------------------------------------------------------------


def test_outbox_is_the_default_and_sends_nothing(http):
    backend = get_backend()
    sent = backend.send("Hello", post("x", "1881290000000000002"))
    assert backend.name == "outbox"
    assert sent.external_id.startswith("outbox:")
    uuid.UUID(sent.external_id.removeprefix("outbox:"))
    assert backend.find_sent("Hello", post("x", "1881290000000000002")) is None
    assert len(http.calls) == 0


def test_social_backend_setting_picks_the_backend(monkeypatch):
    monkeypatch.setenv("SOCIAL_BACKEND", "web_intent")
    assert get_backend().name == "web_intent"


def test_unknown_backend_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="Unknown social backend 'myspace'"):
        get_backend("myspace")


@pytest.mark.parametrize(
    ("name", "missing"),
    [
        ("x", "X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_SECRET, X_USER_ID"),
        ("mastodon", "MASTODON_API_BASE_URL, MASTODON_ACCESS_TOKEN"),
        ("bluesky", "BLUESKY_HANDLE, BLUESKY_APP_PASSWORD"),
    ],
)
def test_backend_without_credentials_names_the_missing_variables(name, missing):
    with pytest.raises(ConfigurationError) as error:
        get_backend(name)
    assert missing in str(error.value)


def test_a_partly_configured_backend_names_only_what_is_missing(monkeypatch):
    monkeypatch.setenv("MASTODON_API_BASE_URL", MASTODON)
    with pytest.raises(ConfigurationError, match=r"variables MASTODON_ACCESS_TOKEN\.$"):
        get_backend("mastodon")


# --- web intents ------------------------------------------------------------------------------


def test_web_intent_urls_prefill_each_networks_compose_page(monkeypatch):
    text = f"Sorry! See {BOUNCES} & tell us"
    x_url = intent_url(text, post("x", "1881290000000000002"))
    assert x_url.startswith("https://x.com/intent/post?")
    assert parse_qs(urlsplit(x_url).query) == {
        "in_reply_to": ["1881290000000000002"],
        "text": [text],
    }
    assert " " not in x_url and "&amp;" not in x_url

    toot = post("mastodon", "113871234567890001", author_handle="alice@fosstodon.org")
    share = urlsplit(intent_url(text, toot))
    assert (share.netloc, share.path) == ("fosstodon.org", "/share")
    assert parse_qs(share.query) == {"text": [f"@alice@fosstodon.org {text}"]}
    monkeypatch.setenv("MASTODON_API_BASE_URL", MASTODON)
    assert intent_url(text, toot).startswith("https://mastodon.social/share?text=%40alice")

    skeet = post(
        "bluesky", "at://did:plc:q6gjnaw2blty4crticxkmujt/app.bsky.feed.post/3lgd2a5pvzs2k"
    )
    compose = urlsplit(intent_url(text, skeet))
    assert (compose.netloc, compose.path) == ("bsky.app", "/intent/compose")
    assert parse_qs(compose.query) == {"text": [text]}


def test_web_intent_backend_does_not_post_itself():
    backend = get_backend("web_intent")
    with pytest.raises(PostingError) as error:
        backend.send("Hi", post("x", "1"))
    assert error.value.retryable is False
    assert "browser" in str(error.value)
    assert backend.intent_url("Hi", post("x", "1")) == intent_url("Hi", post("x", "1"))


def test_mastodon_replies_mention_the_author_once():
    toot = post("mastodon", "1", author_handle="alice@fosstodon.org")
    assert reply_text("Hi", toot) == "@alice@fosstodon.org Hi"
    assert reply_text("Hi @Alice@fosstodon.org!", toot) == "Hi @Alice@fosstodon.org!"
    assert reply_text("Hi @alice@fosstodon.org.uk", toot).startswith("@alice@fosstodon.org Hi")
    assert reply_text("Hi", post("x", "1")) == "Hi"
    assert reply_length(reply_text("Hi", toot), "mastodon") == len("@alice Hi")


# --- X ----------------------------------------------------------------------------------------


def test_x_send_posts_a_reply_with_user_context(x_settings, http):
    http.post(f"{X_API}/tweets", json=recording("x_create_tweet"), status=201)
    text = f"Sorry about the bounces! This should sort it out: {BOUNCES}"

    sent = get_backend("x").send(text, post("x", "1881290000000000002"))

    assert sent == SentPost(
        external_id="1881234567890123458",
        url="https://x.com/NimbusDomains/status/1881234567890123458",
    )
    request = http.calls[0].request
    assert json.loads(request.body) == {
        "text": text,
        "reply": {"in_reply_to_tweet_id": "1881290000000000002"},
    }
    assert request.headers["Authorization"].startswith("OAuth ")
    assert 'oauth_consumer_key="consumer-key"' in request.headers["Authorization"]
    assert 'oauth_token="1234567890-access"' in request.headers["Authorization"]


@pytest.mark.parametrize(
    ("status", "body", "retryable", "message"),
    [
        (403, "x_error_403", False, "X answered 403: You are not allowed to create a Tweet"),
        (503, "x_error_503", True, "X answered 503: Service Unavailable"),
        (429, None, True, "X answered 429"),
    ],
)
def test_x_errors_become_posting_errors(x_settings, http, status, body, retryable, message):
    http.post(f"{X_API}/tweets", json=recording(body) if body else {}, status=status)
    with pytest.raises(PostingError) as error:
        get_backend("x").send("Hi", post("x", "1881290000000000002"))
    assert error.value.retryable is retryable
    assert error.value.status == status
    assert str(error.value).startswith(message)


def test_x_unreachable_is_retryable(x_settings, http):
    http.post(f"{X_API}/tweets", body=requests.ConnectTimeout("timed out"))
    with pytest.raises(PostingError) as error:
        get_backend("x").send("Hi", post("x", "1881290000000000002"))
    assert error.value.retryable is True
    assert error.value.status is None


def test_x_find_sent_recognises_the_reply_despite_t_co_links(x_settings, http):
    http.get(
        f"{X_API}/users/1234567890/tweets",
        json=recording("x_users_tweets"),
        match=[
            matchers.query_param_matcher(
                {
                    "max_results": "100",
                    "exclude": "retweets",
                    "tweet.fields": "referenced_tweets,created_at",
                }
            )
        ],
    )
    backend = get_backend("x")
    text = f"Sorry about the bounces! This should sort it out: {BOUNCES}"

    assert backend.find_sent(text, post("x", "1881230000000000001")) == SentPost(
        external_id="1881234567890123458",
        url="https://x.com/NimbusDomains/status/1881234567890123458",
    )


def test_x_find_sent_ignores_other_posts_and_other_texts(x_settings, http):
    http.get(f"{X_API}/users/1234567890/tweets", json=recording("x_users_tweets"))
    http.get(f"{X_API}/users/1234567890/tweets", json=recording("x_users_tweets"))
    backend = get_backend("x")
    assert backend.find_sent("Sorry about the bounces!", post("x", "1881230000000000001")) is None
    text = f"Sorry about the bounces! This should sort it out: {BOUNCES}"
    assert backend.find_sent(text, post("x", "1881099999999999990")) is None


# --- Mastodon ---------------------------------------------------------------------------------


def test_mastodon_send_posts_a_public_reply_mentioning_the_author(mastodon_settings, http):
    http.post(f"{MASTODON}/api/v1/statuses", json=recording("mastodon_status"))
    toot = post("mastodon", "113871234567890001", author_handle="alice@fosstodon.org")
    text = f"Sorry about that! This should help: {BOUNCES}"

    sent = get_backend("mastodon").send(text, toot)

    assert sent == SentPost(
        external_id="113871300000000123", url="https://mastodon.social/@nimbus/113871300000000123"
    )
    request = http.calls[0].request
    sent_fields = _form_or_json(request)
    assert sent_fields["status"] == f"@alice@fosstodon.org {text}"
    assert sent_fields["in_reply_to_id"] == "113871234567890001"
    assert sent_fields["visibility"] == "public"
    assert request.headers["Authorization"] == "Bearer masto-token"
    assert re.fullmatch(r"[0-9a-f]{64}", request.headers["Idempotency-Key"])


def test_mastodon_retry_of_the_same_reply_reuses_the_idempotency_key(mastodon_settings, http):
    http.post(f"{MASTODON}/api/v1/statuses", json=recording("mastodon_status"))
    http.post(f"{MASTODON}/api/v1/statuses", json=recording("mastodon_status"))
    http.post(f"{MASTODON}/api/v1/statuses", json=recording("mastodon_status"))
    backend = get_backend("mastodon")
    toot = post("mastodon", "113871234567890001", author_handle="alice@fosstodon.org")
    backend.send("Same text", toot)
    backend.send("Same text", toot)
    backend.send("Other text", toot)
    keys = [call.request.headers["Idempotency-Key"] for call in http.calls]
    assert keys[0] == keys[1] != keys[2]


@pytest.mark.parametrize(
    ("status", "body", "retryable", "message"),
    [
        (422, "mastodon_error_422", False, "Mastodon answered 422: Validation failed: Text"),
        (404, None, False, "Mastodon answered 404"),
        (503, None, True, "Mastodon answered 503"),
        (429, None, True, "Mastodon answered 429"),
    ],
)
def test_mastodon_errors_become_posting_errors(
    mastodon_settings, http, status, body, retryable, message
):
    http.post(
        f"{MASTODON}/api/v1/statuses",
        json=recording(body) if body else {"error": "Record not found"},
        status=status,
    )
    with pytest.raises(PostingError) as error:
        get_backend("mastodon").send("Hi", post("mastodon", "1", author_handle="a@b.social"))
    assert error.value.retryable is retryable
    assert str(error.value).startswith(message)


def test_mastodon_unreachable_is_retryable(mastodon_settings, http):
    http.post(f"{MASTODON}/api/v1/statuses", body=requests.ConnectionError("refused"))
    with pytest.raises(PostingError) as error:
        get_backend("mastodon").send("Hi", post("mastodon", "1", author_handle="a@b.social"))
    assert error.value.retryable is True


def test_mastodon_find_sent_reads_the_accounts_recent_statuses(mastodon_settings, http):
    http.get(f"{MASTODON}/api/v1/accounts/verify_credentials", json=recording("mastodon_account"))
    http.get(
        f"{MASTODON}/api/v1/accounts/109312456789012345/statuses",
        json=recording("mastodon_account_statuses"),
        match=[
            matchers.query_param_matcher(
                {"exclude_reblogs": "1", "limit": "40"}, strict_match=False
            )
        ],
    )
    toot = post("mastodon", "113871234567890001", author_handle="alice@fosstodon.org")

    found = get_backend("mastodon").find_sent(
        f"Sorry about that! This should help: {BOUNCES}", toot
    )

    assert found == SentPost(
        external_id="113871300000000123", url="https://mastodon.social/@nimbus/113871300000000123"
    )


def test_mastodon_find_sent_is_none_for_an_unanswered_post(mastodon_settings, http):
    http.get(f"{MASTODON}/api/v1/accounts/verify_credentials", json=recording("mastodon_account"))
    http.get(
        f"{MASTODON}/api/v1/accounts/109312456789012345/statuses",
        json=recording("mastodon_account_statuses"),
    )
    toot = post("mastodon", "113871234567890077", author_handle="marc@mastodon.social")
    assert get_backend("mastodon").find_sent("Sorry about that!", toot) is None


def _form_or_json(request):
    if request.headers.get("Content-Type", "").startswith("application/json"):
        return json.loads(request.body)
    return {key: values[0] for key, values in parse_qs(request.body).items()}


# --- Bluesky ----------------------------------------------------------------------------------

EVE_REPLY = "at://did:plc:q6gjnaw2blty4crticxkmujt/app.bsky.feed.post/3lgd2a5pvzs2k"
EVE_CID = "bafyreif4gsn3d2c6yyvbhwbsvx3qdp5yslbgkqbvcc2u3b6ejoqrdizjmu"
DANA_ROOT = "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3lgcz7fjkz22p"
DANA_CID = "bafyreig2fjxi3rptqdgylg7e5hmjl6mcke7rn2b6cugzlqq3i4zu6rq52q"
SITE_DOWN = "https://help.nimbus-domains.com/en/hosting/site-down/"


def test_bluesky_send_threads_the_reply_and_links_the_article(
    bluesky_settings, bluesky_login, xrpc
):
    root_lookup = xrpc.get(f"{BSKY_PDS}/app.bsky.feed.getPosts").respond(
        json=recording("bluesky_get_posts")
    )
    create = xrpc.post(f"{BSKY_PDS}/com.atproto.repo.createRecord").respond(
        json=recording("bluesky_create_record")
    )
    reply_to = post(
        "bluesky",
        EVE_REPLY,
        cid=EVE_CID,
        conversation_id=DANA_ROOT,
        author_handle="eve.example.com",
        language="en",
    )

    sent = get_backend("bluesky").send(
        f"Sorry for the outage! Step by step: {SITE_DOWN} 🙏", reply_to
    )

    assert sent == SentPost(
        external_id="at://did:plc:n1mbusd0ma1nsxyz7k3q2w4e/app.bsky.feed.post/3lgd2xhqwxk2c",
        url="https://bsky.app/profile/nimbusdomains.bsky.social/post/3lgd2xhqwxk2c",
    )
    login = json.loads(bluesky_login.calls.last.request.content)
    assert login == {"identifier": "nimbusdomains.bsky.social", "password": "abcd-efgh-ijkl-mnop"}
    assert root_lookup.calls.last.request.url.params.get_list("uris") == [DANA_ROOT]
    request = create.calls.last.request
    assert request.headers["Authorization"].startswith("Bearer eyJ0eXAiOiJhdCtqd3Qi")
    body = json.loads(request.content)
    assert body["repo"] == "did:plc:n1mbusd0ma1nsxyz7k3q2w4e"
    assert body["collection"] == "app.bsky.feed.post"
    record = body["record"]
    assert record["text"] == "Sorry for the outage! Step by step: help.nimbus-domains.com… 🙏"
    assert _ref(record["reply"]["root"]) == {"uri": DANA_ROOT, "cid": DANA_CID}
    assert _ref(record["reply"]["parent"]) == {"uri": EVE_REPLY, "cid": EVE_CID}
    assert record["langs"] == ["en"]
    [facet] = record["facets"]
    start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
    assert record["text"].encode()[start:end].decode() == "help.nimbus-domains.com…"
    assert (start, end) == (36, 62)  # byte offsets: "…" is 3 bytes in UTF-8
    assert facet["features"] == [{"$type": "app.bsky.richtext.facet#link", "uri": SITE_DOWN}]


def test_bluesky_reply_to_a_thread_root_needs_no_lookup(bluesky_settings, bluesky_login, xrpc):
    create = xrpc.post(f"{BSKY_PDS}/com.atproto.repo.createRecord").respond(
        json=recording("bluesky_create_record")
    )
    root = post("bluesky", DANA_ROOT, cid=DANA_CID, conversation_id=DANA_ROOT)

    get_backend("bluesky").send("We are on it.", root)

    record = json.loads(create.calls.last.request.content)["record"]
    assert _ref(record["reply"]["root"]) == {"uri": DANA_ROOT, "cid": DANA_CID}
    assert _ref(record["reply"]["parent"]) == {"uri": DANA_ROOT, "cid": DANA_CID}
    assert "facets" not in record or not record["facets"]


def _ref(strong_ref):
    return {"uri": strong_ref["uri"], "cid": strong_ref["cid"]}


@pytest.mark.parametrize(
    ("status", "retryable", "message"),
    [
        (400, False, "Bluesky answered 400: Invalid app.bsky.feed.post record"),
        (503, True, "Bluesky answered 503"),
        (429, True, "Bluesky answered 429"),
    ],
)
def test_bluesky_errors_become_posting_errors(
    bluesky_settings, bluesky_login, xrpc, status, retryable, message
):
    xrpc.post(f"{BSKY_PDS}/com.atproto.repo.createRecord").respond(
        status, json={"error": "InvalidRequest", "message": "Invalid app.bsky.feed.post record"}
    )
    with pytest.raises(PostingError) as error:
        get_backend("bluesky").send("Hi", post("bluesky", DANA_ROOT, cid=DANA_CID))
    assert error.value.retryable is retryable
    assert str(error.value).startswith(message)


def test_bluesky_wrong_app_password_is_permanent(bluesky_settings, xrpc):
    xrpc.post("https://bsky.social/xrpc/com.atproto.server.createSession").respond(
        401, json={"error": "AuthenticationRequired", "message": "Invalid identifier or password"}
    )
    with pytest.raises(PostingError) as error:
        get_backend("bluesky").send("Hi", post("bluesky", DANA_ROOT, cid=DANA_CID))
    assert error.value.retryable is False
    assert "Invalid identifier or password" in str(error.value)


def test_bluesky_find_sent_reads_the_accounts_feed(bluesky_settings, bluesky_login, xrpc):
    feed = xrpc.get(f"{BSKY_PDS}/app.bsky.feed.getAuthorFeed").respond(
        json=recording("bluesky_author_feed")
    )
    backend = get_backend("bluesky")
    text = f"Sorry for the outage! Step by step: {SITE_DOWN} 🙏"

    assert backend.find_sent(text, post("bluesky", EVE_REPLY)) == SentPost(
        external_id="at://did:plc:n1mbusd0ma1nsxyz7k3q2w4e/app.bsky.feed.post/3lgd2xhqwxk2c",
        url="https://bsky.app/profile/nimbusdomains.bsky.social/post/3lgd2xhqwxk2c",
    )
    params = feed.calls.last.request.url.params
    assert params["actor"] == "did:plc:n1mbusd0ma1nsxyz7k3q2w4e"
    assert params["filter"] == "posts_with_replies"
    assert backend.find_sent(text, post("bluesky", DANA_ROOT)) is None
    assert backend.find_sent("Another text", post("bluesky", EVE_REPLY)) is None


def test_responses_refuses_unregistered_requests(http):
    with pytest.raises(requests.ConnectionError):
        requests.get("https://api.twitter.com/2/users/me", timeout=1)
    assert isinstance(http, responses.RequestsMock)
