"""Pollers against recorded mention timelines and notifications: posts, cursors, reposts."""

from datetime import UTC, datetime

import httpx
import pytest
from responses import matchers

from social.ingest.pollers import get_pollers
from social.ingest.pollers.bluesky import BlueskyPoller
from social.ingest.pollers.mastodon import MastodonPoller, html_to_text
from social.ingest.pollers.x import XPoller
from social.networks import ConfigurationError, PostingError

from .conftest import BSKY_PDS, MASTODON, X_API, recording

MENTIONS = f"{X_API}/users/1234567890/mentions"
X_FIELDS = {
    "expansions": "author_id,referenced_tweets.id",
    "tweet.fields": "created_at,lang,conversation_id,in_reply_to_user_id,referenced_tweets",
    "user.fields": "username",
    "max_results": "100",
}


def test_get_pollers_returns_the_configured_networks_only(x_settings, mastodon_settings):
    assert [poller.name for poller in get_pollers()] == ["x", "mastodon"]


def test_no_credentials_no_pollers():
    assert get_pollers() == []


@pytest.mark.parametrize(
    ("poller", "missing"),
    [
        (XPoller, "X_BEARER_TOKEN, X_USER_ID"),
        (MastodonPoller, "MASTODON_API_BASE_URL, MASTODON_ACCESS_TOKEN"),
        (BlueskyPoller, "BLUESKY_HANDLE, BLUESKY_APP_PASSWORD"),
    ],
)
def test_a_poller_without_credentials_names_them(poller, missing):
    with pytest.raises(ConfigurationError, match=missing):
        poller()


# --- X ----------------------------------------------------------------------------------------


def test_x_poll_pages_through_new_mentions_and_returns_the_newest_id(x_settings, http):
    first = http.get(
        MENTIONS,
        json=recording("x_mentions_page1"),
        match=[matchers.query_param_matcher({**X_FIELDS, "since_id": "1881200000000000000"})],
    )
    second = http.get(
        MENTIONS,
        json=recording("x_mentions_page2"),
        match=[
            matchers.query_param_matcher(
                {
                    **X_FIELDS,
                    "since_id": "1881200000000000000",
                    "pagination_token": "7140dibdnow9c7btw4b3w3jdmgkz1ikv6ue9bwsoxzj1s",
                }
            )
        ],
    )

    posts, cursor = XPoller().poll("1881200000000000000")

    assert first.call_count == second.call_count == 1
    assert http.calls[0].request.headers["Authorization"] == "Bearer AAAAbearer"
    assert cursor == "1881300000000000003"
    assert [p.external_id for p in posts] == [
        "1881250000000000001",
        "1881290000000000002",
        "1881300000000000003",
    ]
    camille, alice, retweet = posts
    assert (camille.author_handle, camille.language) == ("camille_dev", "fr")
    assert camille.in_reply_to_id == camille.conversation_id == "1881240000000000000"
    assert (
        alice.text
        == "@NimbusDomains my mails bounce with 550 5.1.1 user unknown, since this morning"
    )
    assert alice.author_id == "1501234567"
    assert alice.created_at == datetime(2025, 1, 21, 11, 58, 10, tzinfo=UTC)
    assert alice.url == "https://x.com/alice_builds/status/1881290000000000002"
    assert alice.in_reply_to_id is None and not alice.is_repost
    assert retweet.is_repost and retweet.author_handle == "bob_retweets"


def test_x_first_poll_reads_one_page_only(x_settings, http):
    http.get(
        MENTIONS, json=recording("x_mentions_page1"), match=[matchers.query_param_matcher(X_FIELDS)]
    )
    posts, cursor = XPoller().poll(None)
    assert len(posts) == 2
    assert cursor == "1881300000000000003"


def test_x_poll_with_nothing_new_keeps_the_cursor(x_settings, http):
    http.get(MENTIONS, json={"meta": {"result_count": 0}})
    assert XPoller().poll("1881300000000000003") == ([], "1881300000000000003")


def test_x_poll_rate_limited_is_retryable(x_settings, http):
    http.get(MENTIONS, json={"title": "Too Many Requests", "status": 429}, status=429)
    with pytest.raises(PostingError) as error:
        XPoller().poll("1")
    assert error.value.retryable is True


# --- Mastodon ---------------------------------------------------------------------------------


def test_mastodon_poll_returns_mentions_oldest_first_with_the_newest_notification_id(
    mastodon_settings, http
):
    http.get(
        f"{MASTODON}/api/v1/notifications",
        json=recording("mastodon_notifications"),
        match=[
            matchers.query_param_matcher(
                {"types[]": "mention", "min_id": "412300000", "limit": "40"}
            )
        ],
    )

    posts, cursor = MastodonPoller().poll("412300000")

    assert cursor == "412300077"
    alice, marc = posts
    assert alice.external_id == "113871234567890001"
    assert alice.author_handle == "alice@fosstodon.org"
    assert alice.author_id == "110987654321098765"
    assert alice.text == "@nimbus my mails bounce since yesterday & support is slow.\nAny idea?"
    assert alice.created_at == datetime(2025, 1, 21, 9, 40, 12, tzinfo=UTC)
    assert alice.language == "en" and alice.in_reply_to_id is None and not alice.is_repost
    assert alice.url == "https://fosstodon.org/@alice/113871234567890001"
    assert marc.author_handle == "marc@mastodon.social"  # a local account gets its instance
    assert marc.in_reply_to_id == "113871200000000000"
    assert marc.language == "fr"


def test_mastodon_poll_marks_reblogs(mastodon_settings, http):
    notifications = recording("mastodon_notifications")
    notifications[0]["status"]["reblog"] = notifications[1]["status"]
    http.get(f"{MASTODON}/api/v1/notifications", json=notifications)
    posts, _cursor = MastodonPoller().poll(None)
    assert [p.is_repost for p in posts] == [False, True]


def test_mastodon_poll_with_nothing_new_keeps_the_cursor(mastodon_settings, http):
    http.get(f"{MASTODON}/api/v1/notifications", json=[])
    assert MastodonPoller().poll("412300077") == ([], "412300077")


def test_html_to_text_keeps_line_breaks_and_unescapes():
    assert html_to_text("<p>a &amp; b<br>c</p><p>d</p>") == "a & b\nc\nd"


# --- Bluesky ----------------------------------------------------------------------------------


def test_bluesky_poll_reads_back_to_the_cursor(bluesky_settings, bluesky_login, xrpc):
    pages = xrpc.get(f"{BSKY_PDS}/app.bsky.notification.listNotifications")
    pages.side_effect = [
        _json(recording("bluesky_notifications_page1")),
        _json(recording("bluesky_notifications_page2")),
    ]

    posts, cursor = BlueskyPoller().poll("2025-01-20T12:00:00.000Z")

    assert cursor == "2025-01-21T10:01:00.250Z"
    first, second = (call.request.url.params for call in pages.calls)
    assert first.get_list("reasons") == ["mention", "reply"]
    assert "cursor" not in first
    assert second["cursor"] == "2025-01-21T09:00:00.512Z"
    assert [p.author_handle for p in posts] == [
        "frank.bsky.social",
        "dana.bsky.social",
        "eve.example.com",
    ]
    frank, dana, eve = posts  # frank's older post, indexed before the cursor, is left out
    assert frank.language == "fr"
    assert (
        dana.external_id == "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3lgcz7fjkz22p"
    )
    assert dana.cid == "bafyreig2fjxi3rptqdgylg7e5hmjl6mcke7rn2b6cugzlqq3i4zu6rq52q"
    assert dana.conversation_id == dana.external_id and dana.in_reply_to_id is None
    assert dana.url == "https://bsky.app/profile/dana.bsky.social/post/3lgcz7fjkz22p"
    assert eve.author_id == "did:plc:q6gjnaw2blty4crticxkmujt"
    assert eve.conversation_id == dana.external_id
    assert (
        eve.in_reply_to_id
        == "at://did:plc:n1mbusd0ma1nsxyz7k3q2w4e/app.bsky.feed.post/3lgcz9xkq7c2a"
    )
    assert eve.created_at == datetime(2025, 1, 21, 10, 1, tzinfo=UTC)
    assert not any(p.is_repost for p in posts)


def test_bluesky_first_poll_reads_one_page(bluesky_settings, bluesky_login, xrpc):
    xrpc.get(f"{BSKY_PDS}/app.bsky.notification.listNotifications").respond(
        json=recording("bluesky_notifications_page1")
    )
    posts, cursor = BlueskyPoller().poll(None)
    assert len(posts) == 2
    assert cursor == "2025-01-21T10:01:00.250Z"


def test_bluesky_poll_with_nothing_new_keeps_the_cursor(bluesky_settings, bluesky_login, xrpc):
    xrpc.get(f"{BSKY_PDS}/app.bsky.notification.listNotifications").respond(
        json=recording("bluesky_notifications_page1")
    )
    assert BlueskyPoller().poll("2025-01-21T10:01:00.250Z") == ([], "2025-01-21T10:01:00.250Z")


def test_bluesky_poll_server_error_is_retryable(bluesky_settings, bluesky_login, xrpc):
    xrpc.get(f"{BSKY_PDS}/app.bsky.notification.listNotifications").respond(
        502, json={"error": "UpstreamFailure", "message": "Upstream Failure"}
    )
    with pytest.raises(PostingError) as error:
        BlueskyPoller().poll("2025-01-21T10:01:00.250Z")
    assert error.value.retryable is True


def _json(body):
    return httpx.Response(200, json=body)
