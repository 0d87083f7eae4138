"""What every posting backend and poller shares: the posts, the error, the interface."""

import html
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class IncomingPost:
    """A public post found on a network (what pollers return, and what a reply answers)."""

    network: str  # "x" | "mastodon" | "bluesky"
    external_id: str  # the post's id (tweet id, status id, at:// uri)
    author_handle: str  # without leading @ (mastodon: user@instance)
    author_id: str
    text: str
    created_at: datetime  # timezone-aware
    language: str | None = None
    conversation_id: str | None = None  # X conversation id, Bluesky thread root uri
    in_reply_to_id: str | None = None
    is_repost: bool = False
    url: str = ""
    cid: str = ""  # bluesky content id (needed to reply)


@dataclass(frozen=True)
class SentPost:
    """A reply the network accepted."""

    external_id: str
    url: str = ""


class PostingError(Exception):
    """A reply the network refused or could not take.

    ``retryable`` is True for timeouts, network failures, rate limits (429) and server errors
    (5xx): try again later, after ``find_sent`` says it was not posted. False for the rest
    (4xx: bad credentials, deleted post, duplicate, too long): retrying will not help.
    """

    def __init__(self, message, *, retryable, status=None):
        super().__init__(message)
        self.retryable = retryable
        self.status = status


def is_retryable_status(status):
    return status is None or status == 429 or status >= 500


class Backend(Protocol):
    name: str

    def send(self, text: str, in_reply_to: IncomingPost) -> SentPost: ...

    def find_sent(self, text: str, in_reply_to: IncomingPost) -> SentPost | None: ...


_BLOCK_TAG = re.compile(r"<br\s*/?>|</p>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_URL_OR_MENTION = re.compile(r"https?://\S+|@[\w.@-]+")


def same_text(sent, found):
    """True when a post read back from a network is the reply ``sent``.

    Networks give text back transformed (X: links as t.co, "&amp;"; Mastodon: HTML, mentions
    without their domain), so links and mentions are ignored and spaces and case evened out.
    """

    def comparable(text):
        text = html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", text)))
        return " ".join(_URL_OR_MENTION.sub(" ", text).split()).casefold()

    return comparable(sent) == comparable(found)


def reply_text(text, in_reply_to):
    """The text as the backends send it; count its length with this, not with the draft.

    Mastodon only notifies the accounts a toot mentions, so a reply there starts with
    ``@user@instance`` unless it already mentions the author. Elsewhere it is unchanged.
    """
    if in_reply_to.network != "mastodon":
        return text
    mention = f"@{in_reply_to.author_handle}"
    if re.search(rf"(?<![\w@]){re.escape(mention)}(?![\w@.-])", text, re.IGNORECASE):
        return text
    return f"{mention} {text}"
