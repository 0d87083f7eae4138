"""New mentions of the brand's Mastodon account (its mention notifications)."""

import html
import re
from datetime import datetime
from urllib.parse import urlsplit

from mastodon import MastodonError

from social.networks import config
from social.networks.base import IncomingPost
from social.networks.mastodon import make_client, posting_error

PAGE_SIZE = 40  # Mastodon's largest page
MAX_PAGES = 10

_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(content):
    """A status' HTML as the plain text the author typed (paragraphs and breaks as newlines)."""
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", content))).strip()


class MastodonPoller:
    name = "mastodon"

    def __init__(self):
        self.client = make_client()
        self.instance = urlsplit(config.env("MASTODON_API_BASE_URL")).netloc

    def poll(self, cursor=None):
        """Mentions newer than ``cursor`` (a notification id) and the new cursor: the newest id."""
        posts, newest = [], cursor
        for _page in range(MAX_PAGES if cursor else 1):
            try:
                page = self.client.notifications(types=["mention"], min_id=newest, limit=PAGE_SIZE)
            except MastodonError as error:
                raise posting_error(error) from error
            mentions = [n for n in page if n["type"] == "mention" and n.get("status")]
            posts += [self._post(n["status"]) for n in mentions]
            if page:
                newest = str(max(int(n["id"]) for n in page))
            if len(page) < PAGE_SIZE:
                break
        posts.sort(key=lambda post: int(post.external_id))
        return posts, newest

    def _post(self, status):
        account = status["account"]
        handle = account["acct"] if "@" in account["acct"] else f"{account['acct']}@{self.instance}"
        created_at = status["created_at"]
        if isinstance(created_at, str):
            created_at = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
        return IncomingPost(
            network="mastodon",
            external_id=str(status["id"]),
            author_handle=handle,
            author_id=str(account["id"]),
            text=html_to_text(status["content"]),
            created_at=created_at,
            language=status.get("language"),
            in_reply_to_id=str(status["in_reply_to_id"]) if status.get("in_reply_to_id") else None,
            is_repost=bool(status.get("reblog")),
            url=status.get("url") or status.get("uri") or "",
        )
