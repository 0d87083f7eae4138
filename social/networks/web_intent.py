"""Sending without an API: a link to the network's own compose page, filled in with the reply.

The CM's browser does the posting: the Django side shows ``intent_url(text, in_reply_to)``,
the CM opens it, checks and posts, and then confirms in the inbox, which marks the reply
sent. ``send`` therefore refuses (a permanent PostingError) rather than pretend to post.

- X: ``https://x.com/intent/post?in_reply_to=<id>&text=...`` answers the tweet itself.
- Mastodon: ``https://<instance>/share?text=...`` on the brand's instance (MASTODON_API_BASE_URL,
  else the author's); a share page cannot thread a reply, so the text mentions the author.
- Bluesky: ``https://bsky.app/intent/compose?text=...``; a new post, not threaded either.
"""

from urllib.parse import quote, urlencode, urlsplit

from . import config
from .base import PostingError, reply_text


def intent_url(text, in_reply_to):
    """The network's compose page prefilled with the reply to ``in_reply_to``."""
    text = reply_text(text, in_reply_to)
    if in_reply_to.network == "mastodon":
        host = urlsplit(config.env("MASTODON_API_BASE_URL")).netloc
        host = host or in_reply_to.author_handle.rpartition("@")[2]
        return f"https://{host}/share?{urlencode({'text': text}, quote_via=quote)}"
    if in_reply_to.network == "bluesky":
        return f"https://bsky.app/intent/compose?{urlencode({'text': text}, quote_via=quote)}"
    query = urlencode({"in_reply_to": in_reply_to.external_id, "text": text}, quote_via=quote)
    return f"https://x.com/intent/post?{query}"


class WebIntentBackend:
    name = "web_intent"

    def intent_url(self, text, in_reply_to):
        return intent_url(text, in_reply_to)

    def send(self, text, in_reply_to):
        raise PostingError(
            "Web intents are posted from the community manager's browser: open intent_url() "
            "and confirm once posted.",
            retryable=False,
        )

    def find_sent(self, text, in_reply_to):
        return None
