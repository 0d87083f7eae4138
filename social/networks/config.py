"""The social networks' settings, read from the environment here and nowhere else.

Read at call time, so a changed environment (or a test's monkeypatch) takes effect at once.
"""

import os

BACKENDS = ("outbox", "x", "mastodon", "bluesky", "web_intent")
X_POSTING = ("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_SECRET", "X_USER_ID")
X_POLLING = ("X_BEARER_TOKEN", "X_USER_ID")
MASTODON = ("MASTODON_API_BASE_URL", "MASTODON_ACCESS_TOKEN")
BLUESKY = ("BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD")


class ConfigurationError(Exception):
    """A backend or poller was asked for without the settings it needs."""


def env(name, default=""):
    return os.environ.get(name, default).strip()


def is_configured(names):
    return all(env(name) for name in names)


def require(names, what):
    """The values of ``names``; ConfigurationError naming every missing one."""
    missing = [name for name in names if not env(name)]
    if missing:
        raise ConfigurationError(f"{what} needs the environment variables {', '.join(missing)}.")
    return {name: env(name) for name in names}


def backend_name():
    """SOCIAL_BACKEND: how approved replies are sent (default "outbox": not sent anywhere)."""
    return env("SOCIAL_BACKEND", "outbox") or "outbox"


def brand_handles():
    """SOCIAL_BRAND_HANDLES: the brand's own handles (lower case, no "@"), to skip."""
    return frozenset(
        handle.strip().lstrip("@").lower()
        for handle in env("SOCIAL_BRAND_HANDLES").split(",")
        if handle.strip().lstrip("@")
    )
