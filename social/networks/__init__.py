"""Talking to the social networks, as plain Python (no Django): length rules and backends.

The Django side uses:
- ``reply_length(text, network)``, ``fits(text, network)``, ``LIMITS`` (from ``.length``);
- ``reply_text(text, in_reply_to)``: the text exactly as it will be sent (count that);
- ``get_backend(name=None)``: the backend named, else SOCIAL_BACKEND ("outbox" by default),
  with ``send(text, in_reply_to) -> SentPost`` and ``find_sent(text, in_reply_to)``;
  a ``PostingError`` says whether trying again may help (``.retryable``);
- ``intent_url(text, in_reply_to)`` for the "web_intent" backend (the CM posts in the browser).
"""

from .base import Backend, IncomingPost, PostingError, SentPost, reply_text
from .config import BACKENDS, ConfigurationError, backend_name
from .length import LIMITS, fits, reply_length
from .web_intent import intent_url

__all__ = [
    "BACKENDS",
    "LIMITS",
    "Backend",
    "ConfigurationError",
    "IncomingPost",
    "PostingError",
    "SentPost",
    "fits",
    "get_backend",
    "intent_url",
    "reply_length",
    "reply_text",
]


def get_backend(name=None):
    """A ready backend; ConfigurationError for an unknown name or missing credentials."""
    name = name or backend_name()
    if name == "outbox":
        from .outbox import OutboxBackend as backend
    elif name == "web_intent":
        from .web_intent import WebIntentBackend as backend
    elif name == "x":
        from .x import XBackend as backend
    elif name == "mastodon":
        from .mastodon import MastodonBackend as backend
    elif name == "bluesky":
        from .bluesky import BlueskyBackend as backend
    else:
        raise ConfigurationError(
            f"Unknown social backend {name!r}: use one of {', '.join(BACKENDS)}."
        )
    return backend()
