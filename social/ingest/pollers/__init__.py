"""Pollers: fetch the brand's new mentions from each network whose credentials are set.

Each poller has ``name`` and ``poll(cursor) -> (posts, new_cursor)``: pass the cursor the last
poll returned (None the first time, which fetches only the latest page) and store the new one.
Posts come oldest first; reposts are marked ``is_repost``; skipping them, the brand's own posts
(``social.networks.config.brand_handles()``) and blocked accounts is the caller's job.
"""

from social.networks import config


def get_pollers():
    """The pollers of the networks whose credentials are set in the environment."""
    pollers = []
    if config.is_configured(config.X_POLLING):
        from .x import XPoller

        pollers.append(XPoller())
    if config.is_configured(config.MASTODON):
        from .mastodon import MastodonPoller

        pollers.append(MastodonPoller())
    if config.is_configured(config.BLUESKY):
        from .bluesky import BlueskyPoller

        pollers.append(BlueskyPoller())
    return pollers
