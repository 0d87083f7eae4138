"""Mastodon through Mastodon.py: public replies from the brand's account."""

import hashlib

from mastodon import Mastodon, MastodonAPIError, MastodonError, MastodonRatelimitError

from . import config
from .base import PostingError, SentPost, is_retryable_status, reply_text, same_text

TIMEOUT = 15  # seconds
RECENT_STATUSES = 40  # how far back find_sent looks (Mastodon's largest page)


def make_client():
    settings = config.require(config.MASTODON, "Mastodon")
    return Mastodon(
        api_base_url=settings["MASTODON_API_BASE_URL"],
        access_token=settings["MASTODON_ACCESS_TOKEN"],
        ratelimit_method="throw",  # the caller retries later; never sleep in a request
        request_timeout=TIMEOUT,
        version_check_mode="none",
    )


def posting_error(error):
    """A Mastodon.py error as a PostingError carrying the instance's own message."""
    if isinstance(error, MastodonRatelimitError):
        return PostingError("Mastodon answered 429: rate limited", retryable=True, status=429)
    if isinstance(error, MastodonAPIError) and len(error.args) >= 4:
        _message, status, reason, detail = error.args[:4]
        return PostingError(
            f"Mastodon answered {status}: {detail or reason}",
            retryable=is_retryable_status(status),
            status=status,
        )
    return PostingError(f"Mastodon could not be reached: {error}", retryable=True)


class MastodonBackend:
    name = "mastodon"

    def __init__(self):
        self.client = make_client()

    def send(self, text, in_reply_to):
        """Post a public reply; the same reply retried within an hour is not posted twice."""
        text = reply_text(text, in_reply_to)
        key = hashlib.sha256(f"{in_reply_to.external_id}\n{text}".encode()).hexdigest()
        try:
            status = self.client.status_post(
                text,
                in_reply_to_id=in_reply_to.external_id,
                visibility="public",
                idempotency_key=key,
            )
        except MastodonError as error:
            raise posting_error(error) from error
        return SentPost(external_id=str(status["id"]), url=status["url"] or "")

    def find_sent(self, text, in_reply_to):
        """The account's recent reply to ``in_reply_to`` with this text, if the instance has it."""
        try:
            me = self.client.account_verify_credentials()
            statuses = self.client.account_statuses(
                me["id"], exclude_reblogs=True, limit=RECENT_STATUSES
            )
        except MastodonError as error:
            raise posting_error(error) from error
        for status in statuses:
            if str(status["in_reply_to_id"]) == in_reply_to.external_id and same_text(
                text, status["content"]
            ):
                return SentPost(external_id=str(status["id"]), url=status["url"] or "")
        return None
