"""New mentions of and replies to the brand's Bluesky account (its notifications).

Bluesky's notification cursor pages back in time, so the cursor kept between polls is the
``indexedAt`` of the newest notification seen; a poll reads pages until it reaches it.
"""

from datetime import datetime

from atproto import models
from atproto_core.exceptions import AtProtocolError

from social.networks import config
from social.networks.base import IncomingPost
from social.networks.bluesky import make_client, post_url, posting_error

REASONS = ["mention", "reply"]
PAGE_SIZE = 50
MAX_PAGES = 10


def _time(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class BlueskyPoller:
    name = "bluesky"

    def __init__(self):
        config.require(config.BLUESKY, "Bluesky")
        self._client = None

    def poll(self, cursor=None):
        """Notifications indexed after ``cursor`` (an ISO time) and the newest such time."""
        since = _time(cursor) if cursor else None
        posts, newest, page_cursor = [], cursor, None
        try:
            self._client = self._client or make_client()
            for _page in range(MAX_PAGES if since else 1):
                page = self._client.app.bsky.notification.list_notifications(
                    models.AppBskyNotificationListNotifications.Params(
                        reasons=REASONS, limit=PAGE_SIZE, cursor=page_cursor
                    )
                )
                fresh = [n for n in page.notifications if not since or _time(n.indexed_at) > since]
                posts += [_post(n) for n in fresh if n.reason in REASONS]
                latest = max((n.indexed_at for n in fresh), key=_time, default=None)
                if latest and (newest is None or _time(latest) > _time(newest)):
                    newest = latest
                page_cursor = page.cursor
                if len(fresh) < len(page.notifications) or not page_cursor:
                    break
        except AtProtocolError as error:
            raise posting_error(error) from error
        posts.sort(key=lambda post: post.created_at)
        return posts, newest


def _post(notification):
    record = notification.record
    reply = getattr(record, "reply", None)
    langs = getattr(record, "langs", None) or []
    return IncomingPost(
        network="bluesky",
        external_id=notification.uri,
        author_handle=notification.author.handle,
        author_id=notification.author.did,
        text=record.text,
        created_at=_time(record.created_at),
        language=langs[0] if langs else None,
        conversation_id=reply.root.uri if reply else notification.uri,
        in_reply_to_id=reply.parent.uri if reply else None,
        url=post_url(notification.author.handle, notification.uri),
        cid=notification.cid,
    )
