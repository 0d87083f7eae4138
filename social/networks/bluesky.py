"""Bluesky through the atproto client: threaded replies with link facets.

A link is sent as a facet over its display text (``length.display_url``), so what Bluesky
counts is exactly what ``length.reply_length(text, "bluesky")`` counted.
"""

from atproto import Client, client_utils, models
from atproto_client.exceptions import RequestErrorBase
from atproto_core.exceptions import AtProtocolError

from . import config
from .base import PostingError, SentPost, is_retryable_status, same_text
from .length import bluesky_segments

RECENT_POSTS = 50  # how far back find_sent looks in the account's own feed


def make_client():
    """An atproto Client logged in with the brand's handle and app password."""
    settings = config.require(config.BLUESKY, "Bluesky")
    client = Client()
    client.login(settings["BLUESKY_HANDLE"], settings["BLUESKY_APP_PASSWORD"])
    return client


def posting_error(error):
    """An atproto error as a PostingError carrying the server's own message."""
    response = getattr(error, "response", None) if isinstance(error, RequestErrorBase) else None
    if response is None:
        retryable = isinstance(error, RequestErrorBase)  # no answer at all: network, timeout
        return PostingError(f"Bluesky could not be reached: {error!r}", retryable=retryable)
    content = response.content
    detail = getattr(content, "message", None) or getattr(content, "error", None) or content
    return PostingError(
        f"Bluesky answered {response.status_code}: {detail}",
        retryable=is_retryable_status(response.status_code),
        status=response.status_code,
    )


def post_url(handle, uri):
    """The bsky.app page of the post ``at://did/app.bsky.feed.post/<rkey>``."""
    return f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}"


def shown_text(text):
    return "".join(shown for shown, _link in bluesky_segments(text))


class BlueskyBackend:
    name = "bluesky"

    def __init__(self):
        config.require(config.BLUESKY, "Bluesky")
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = make_client()
        return self._client

    def _reply_ref(self, post):
        """Parent: the post answered; root: its thread's first post (looked up when unknown)."""
        refs = {post.external_id: post.cid}
        root_uri = post.conversation_id or post.external_id
        refs.setdefault(root_uri, "")
        unknown = [uri for uri, cid in refs.items() if not cid]
        if unknown:
            for found in self.client.get_posts(unknown).posts:
                refs[found.uri] = found.cid
        strong = {
            uri: models.ComAtprotoRepoStrongRef.Main(uri=uri, cid=cid) for uri, cid in refs.items()
        }
        return models.AppBskyFeedPost.ReplyRef(
            root=strong[root_uri], parent=strong[post.external_id]
        )

    def send(self, text, in_reply_to):
        builder = client_utils.TextBuilder()
        for shown, link in bluesky_segments(text):
            if link:
                builder.link(shown, link)
            else:
                builder.text(shown)
        try:
            created = self.client.send_post(
                builder,
                reply_to=self._reply_ref(in_reply_to),
                langs=[in_reply_to.language] if in_reply_to.language else None,
            )
        except AtProtocolError as error:
            raise posting_error(error) from error
        return SentPost(external_id=created.uri, url=post_url(self.client.me.handle, created.uri))

    def find_sent(self, text, in_reply_to):
        """The account's recent reply to ``in_reply_to`` with this text, if Bluesky has it."""
        try:
            feed = self.client.get_author_feed(
                self.client.me.did, filter="posts_with_replies", limit=RECENT_POSTS
            )
        except AtProtocolError as error:
            raise posting_error(error) from error
        for item in feed.feed:
            record = item.post.record
            reply = getattr(record, "reply", None)
            if (
                reply
                and reply.parent.uri == in_reply_to.external_id
                and same_text(shown_text(text), record.text)
            ):
                return SentPost(
                    external_id=item.post.uri, url=post_url(self.client.me.handle, item.post.uri)
                )
        return None
