"""Fixtures for the social inbox: a small KB, complaints, and a posting backend that counts."""

import itertools
import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from social.ingest.store import ingest
from social.networks import SentPost
from social.networks.outbox import OutboxBackend
from tests import factories

_ids = itertools.count(1)


class CountingBackend(OutboxBackend):
    """The outbox, counting its calls; `fail_with` makes the next send raise."""

    name = "outbox"

    def __init__(self):
        self.sent = []
        self.lookups = 0
        self.fail_with = None
        self.already_posted = None
        self._lock = threading.Lock()

    def send(self, text, in_reply_to):
        with self._lock:
            if self.fail_with is not None:
                error, self.fail_with = self.fail_with, None
                raise error
            self.sent.append((text, in_reply_to.external_id))
            return SentPost(external_id=f"counted:{len(self.sent)}")

    def find_sent(self, text, in_reply_to):
        self.lookups += 1
        return self.already_posted


@pytest.fixture
def backend():
    return CountingBackend()


@pytest.fixture
def hosting_category(help_center):
    return factories.make_category(help_center, "Hosting", slug="hosting")


@pytest.fixture
def outage_article(hosting_category):
    return factories.make_article(
        hosting_category,
        "502 Bad Gateway on my website",
        summary="What a 502 error means and what to check.",
        symptoms=["site down 502", "bad gateway error", "my website shows 502"],
        tags=["hosting", "502"],
    )


@pytest.fixture
def kb(bounce_article, outage_article):
    return {"bounce": bounce_article, "outage": outage_article}


def post(text, handle="alice", network="x", minutes_ago=10, **extra):
    """A complaint record as the webhook or a poller gives it."""
    return {
        "network": network,
        "external_id": extra.pop("external_id", str(next(_ids))),
        "author_handle": handle,
        "author_id": handle,
        "text": text,
        "created_at": timezone.now() - timedelta(minutes=minutes_ago),
        **extra,
    }


@pytest.fixture
def make_complaint(db):
    def make(text, **kwargs):
        complaint, outcome = ingest(post(text, **kwargs))
        assert outcome == "created"
        return complaint

    return make
