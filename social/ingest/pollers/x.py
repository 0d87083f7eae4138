"""New mentions of the brand's X account (API v2 user mention timeline)."""

from datetime import datetime

import requests
import tweepy

from social.networks import config
from social.networks.base import IncomingPost
from social.networks.x import make_client, posting_error, tweet_url

PAGE_SIZE = 100
MAX_PAGES = 10  # at most 1,000 mentions a poll; the rest come at the next one


class XPoller:
    name = "x"

    def __init__(self):
        self.client = make_client(polling=True)
        self.user_id = config.env("X_USER_ID")

    def poll(self, cursor=None):
        """Mentions newer than ``cursor`` (a tweet id) and the new cursor: the newest id seen."""
        posts, newest, token = [], cursor, None
        for _page in range(MAX_PAGES if cursor else 1):
            try:
                page = self.client.get_users_mentions(
                    self.user_id,
                    since_id=cursor,
                    pagination_token=token,
                    max_results=PAGE_SIZE,
                    expansions=["author_id", "referenced_tweets.id"],
                    tweet_fields=[
                        "created_at",
                        "lang",
                        "conversation_id",
                        "in_reply_to_user_id",
                        "referenced_tweets",
                    ],
                    user_fields=["username"],
                )
            except (tweepy.TweepyException, requests.RequestException) as error:
                raise posting_error(error) from error
            meta = page.get("meta", {})
            if newest is None or ("newest_id" in meta and int(meta["newest_id"]) > int(newest)):
                newest = meta.get("newest_id", newest)
            users = {
                user["id"]: user["username"] for user in page.get("includes", {}).get("users", [])
            }
            posts += [_post(tweet, users) for tweet in page.get("data", [])]
            token = meta.get("next_token")
            if not token:
                break
        posts.sort(key=lambda post: int(post.external_id))
        return posts, newest


def _post(tweet, users):
    references = {ref["type"]: ref["id"] for ref in tweet.get("referenced_tweets", [])}
    handle = users.get(tweet["author_id"], "")
    return IncomingPost(
        network="x",
        external_id=tweet["id"],
        author_handle=handle,
        author_id=tweet["author_id"],
        text=tweet["text"],
        created_at=datetime.fromisoformat(tweet["created_at"].replace("Z", "+00:00")),
        language=tweet.get("lang"),
        conversation_id=tweet.get("conversation_id"),
        in_reply_to_id=references.get("replied_to"),
        is_repost="retweeted" in references,
        url=tweet_url(tweet["id"], handle),
    )
