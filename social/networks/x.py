"""X (Twitter) through tweepy's API v2 client: replies as the brand's account."""

import requests
import tweepy

from . import config
from .base import PostingError, SentPost, is_retryable_status, same_text

TIMEOUT = 15  # seconds; tweepy sets none of its own
RECENT_TWEETS = 100  # how far back find_sent looks: the account's latest tweets


class _TimeoutSession(requests.Session):
    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT)
        return super().request(*args, **kwargs)


def make_client(*, polling=False):
    """A tweepy Client: user context (OAuth 1.0a) to post, the app's bearer token to poll."""
    if polling:
        settings = config.require(config.X_POLLING, "Polling X")
        client = tweepy.Client(bearer_token=settings["X_BEARER_TOKEN"], return_type=dict)
    else:
        settings = config.require(config.X_POSTING, "Replying on X")
        client = tweepy.Client(
            consumer_key=settings["X_API_KEY"],
            consumer_secret=settings["X_API_SECRET"],
            access_token=settings["X_ACCESS_TOKEN"],
            access_token_secret=settings["X_ACCESS_SECRET"],
            return_type=dict,
        )
    client.session = _TimeoutSession()
    return client


def posting_error(error):
    """A tweepy or transport error as a PostingError carrying X's own message."""
    if isinstance(error, tweepy.HTTPException):
        status = error.response.status_code
        messages = "; ".join(error.api_messages) or _detail(error.response)
        return PostingError(
            f"X answered {status}: {messages}", retryable=is_retryable_status(status), status=status
        )
    return PostingError(f"X could not be reached: {error}", retryable=True)


def _detail(response):
    """The "detail" of an API v2 problem document (tweepy reads only "errors")."""
    try:
        return response.json().get("detail") or response.reason
    except ValueError:
        return response.reason


def tweet_url(tweet_id, handle=""):
    return f"https://x.com/{handle or 'i/web'}/status/{tweet_id}"


class XBackend:
    name = "x"

    def __init__(self):
        self.client = make_client()
        self.user_id = config.env("X_USER_ID")
        self.handle = config.env("X_HANDLE").lstrip("@")

    def send(self, text, in_reply_to):
        try:
            response = self.client.create_tweet(
                text=text, in_reply_to_tweet_id=in_reply_to.external_id, user_auth=True
            )
        except (tweepy.TweepyException, requests.RequestException) as error:
            raise posting_error(error) from error
        tweet_id = response["data"]["id"]
        return SentPost(external_id=tweet_id, url=tweet_url(tweet_id, self.handle))

    def find_sent(self, text, in_reply_to):
        """The account's recent reply to ``in_reply_to`` with this text, if X has it."""
        try:
            response = self.client.get_users_tweets(
                self.user_id,
                max_results=RECENT_TWEETS,
                exclude=["retweets"],
                tweet_fields=["referenced_tweets", "created_at"],
                user_auth=True,
            )
        except (tweepy.TweepyException, requests.RequestException) as error:
            raise posting_error(error) from error
        for tweet in response.get("data", []):
            replied_to = {
                ref["id"]
                for ref in tweet.get("referenced_tweets", [])
                if ref["type"] == "replied_to"
            }
            if in_reply_to.external_id in replied_to and same_text(text, tweet["text"]):
                return SentPost(external_id=tweet["id"], url=tweet_url(tweet["id"], self.handle))
        return None
