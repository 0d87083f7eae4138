"""Run the configured network pollers: resume from each one's stored cursor, ingest the posts,
then store the new cursor (only after the posts are safely in the database)."""

import logging
from collections import Counter

from social.ingest.pollers import get_pollers
from social.ingest.store import ingest
from social.models import PollState

log = logging.getLogger(__name__)


def poll_all(pollers=None):
    """{network: Counter of outcomes ("created", "duplicate", skip reasons, "error")}."""
    results = {}
    for poller in get_pollers() if pollers is None else pollers:
        state, _ = PollState.objects.get_or_create(network=poller.name)
        outcomes = Counter()
        try:
            posts, cursor = poller.poll(state.cursor or None)
        except Exception as error:  # one network down must not stop the others
            log.warning("polling %s failed: %s", poller.name, error)
            outcomes["error"] += 1
            results[poller.name] = outcomes
            continue
        for post in posts:
            _complaint, outcome = ingest(post)
            outcomes[outcome] += 1
        if cursor:
            state.cursor = str(cursor)
            state.save(update_fields=["cursor", "updated_at"])
        results[poller.name] = outcomes
    return results
