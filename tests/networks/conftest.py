"""Recorded API responses, served over mocked HTTP (responses for requests, respx for httpx).

Both mocks refuse any request not registered, so no test reaches a real network.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import responses
import respx

from social.networks import IncomingPost, config

RECORDINGS = Path(__file__).parent / "recordings"
X_API = "https://api.twitter.com/2"
MASTODON = "https://mastodon.social"
BSKY_ENTRYWAY = "https://bsky.social/xrpc"
BSKY_PDS = "https://morel.us-east.host.bsky.network/xrpc"  # from the session's didDoc

ALL_SETTINGS = (
    *config.X_POSTING,
    *config.X_POLLING,
    "X_HANDLE",
    *config.MASTODON,
    *config.BLUESKY,
    "SOCIAL_BACKEND",
    "SOCIAL_BRAND_HANDLES",
)


def recording(name):
    return json.loads((RECORDINGS / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def no_network_settings(monkeypatch):
    """Start every test with no network configured, whatever the developer's shell has."""
    for name in ALL_SETTINGS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def x_settings(monkeypatch):
    for name, value in {
        "X_API_KEY": "consumer-key",
        "X_API_SECRET": "consumer-secret",
        "X_ACCESS_TOKEN": "1234567890-access",
        "X_ACCESS_SECRET": "access-secret",
        "X_USER_ID": "1234567890",
        "X_HANDLE": "NimbusDomains",
        "X_BEARER_TOKEN": "AAAAbearer",
    }.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def mastodon_settings(monkeypatch):
    monkeypatch.setenv("MASTODON_API_BASE_URL", MASTODON)
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", "masto-token")


@pytest.fixture
def bluesky_settings(monkeypatch):
    monkeypatch.setenv("BLUESKY_HANDLE", "nimbusdomains.bsky.social")
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop")


@pytest.fixture
def http():
    """requests-level mock (tweepy, Mastodon.py); every registered response must be used."""
    with responses.RequestsMock() as mock:
        yield mock


@pytest.fixture
def xrpc():
    """httpx-level mock (atproto); every registered route must be called."""
    with respx.mock(assert_all_called=True) as router:
        yield router


@pytest.fixture
def bluesky_login(xrpc):
    """The two calls of an atproto login: createSession, then the account's profile."""
    session = xrpc.post(f"{BSKY_ENTRYWAY}/com.atproto.server.createSession").respond(
        json=recording("bluesky_create_session")
    )
    xrpc.get(f"{BSKY_PDS}/app.bsky.actor.getProfile").respond(json=recording("bluesky_get_profile"))
    return session


def post(network, external_id, **fields):
    """An IncomingPost with plausible defaults."""
    defaults = {
        "author_handle": "alice",
        "author_id": "1501234567",
        "text": "my mails bounce",
        "created_at": datetime(2025, 1, 21, 11, 58, tzinfo=UTC),
    }
    return IncomingPost(network=network, external_id=external_id, **{**defaults, **fields})
