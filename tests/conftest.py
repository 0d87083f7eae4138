"""Fixtures shared by the whole suite: a help center with real pages, and one user per role."""

import time
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.core.cache import cache, caches
from django.db import connection

from kb import changes, middleware, page_cache, read_counts, roles
from kb.forum import topic_index
from kb.templatetags import kb_tags
from social import article_index
from tests import factories


@pytest.fixture(autouse=True)
def keep_migration_data(request, django_db_blocker):
    """Let transactional tests restore what migrations created (Wagtail's root page, groups…).

    A transactional test empties the database when it ends; with serialized_rollback the next
    one reloads a snapshot. pytest-django does not always take that snapshot, so take it here,
    while the database still holds only what migrations created.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("serialized_rollback"):
        with django_db_blocker.unblock():
            if getattr(connection, "_test_serialized_contents", None) is None:
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield


@pytest.fixture(autouse=True)
def fresh_article_index(settings):
    """Each test matches against in-memory indexes (articles, topics) built from its own
    database."""
    settings.MATCHER_INDEX_DIR = None
    settings.FORUM_INDEX_DIR = None
    article_index.reset()
    topic_index.reset()
    yield
    article_index.reset()
    topic_index.reset()


DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def background_tasks_run_at_once(settings):
    """Background jobs run inside the test, as the worker would; tests of the database and
    Redis backends with a real worker (tests/test_jobs.py) switch this back."""
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    }


@pytest.fixture(autouse=True)
def fresh_page_cache(monkeypatch):
    """Each test starts with an empty page cache following its own database's change log (and
    no remembered site or help-center home)."""
    monkeypatch.setattr(page_cache, "_feed", changes.Feed(kinds=page_cache._feed.kinds))
    caches["pages"].clear()
    read_counts._pending.clear()
    middleware._sites.clear()  # the site of another test's database
    kb_tags._homes.clear()
    yield
    caches["pages"].clear()
    read_counts._pending.clear()
    middleware._sites.clear()
    kb_tags._homes.clear()


@pytest.fixture(autouse=True)
def fresh_rate_limits(request, monkeypatch):
    """Each test starts with no rate-limit counters, inside one rate-limit window.

    django-ratelimit counts in fixed windows whose edges fall anywhere; a test that crossed
    one would see its counter restart. Only the rate limiter's clock is held still. The
    counters live in the database's cache table: only tests that use the database have any.
    """
    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))
    uses_db = request.node.get_closest_marker("django_db") or DB_FIXTURES & set(
        request.fixturenames
    )
    if uses_db:
        transactional = "transactional_db" in request.fixturenames
        request.getfixturevalue("transactional_db" if transactional else "db")
        cache.clear()
    yield
    if uses_db:
        cache.clear()


@pytest.fixture
def help_center(db):
    return factories.make_help_center()


@pytest.fixture
def email_category(help_center):
    return factories.make_category(help_center, "E-mail", slug="email")


@pytest.fixture
def bounce_article(email_category):
    return factories.make_article(
        email_category,
        "Why do my e-mails bounce?",
        body=[
            factories.heading("Read the bounce message"),
            factories.paragraph("A mailer-daemon notice explains why the delivery failed."),
            factories.heading("Check your MX records"),
            factories.paragraph("Your domain needs MX records pointing to mail.nimbus.example."),
        ],
        summary="What a bounce notice means and how to fix it.",
        symptoms=["my mails bounce", "550 5.1.1 user unknown"],
        tags=["email", "bounce"],
    )


@pytest.fixture
def customer(db):
    return factories.make_user("carol", roles.CUSTOMERS)


@pytest.fixture
def trusted_editor(db):
    return factories.make_user("trent", roles.TRUSTED_EDITORS)


@pytest.fixture
def community_manager(db):
    return factories.make_user("cmandy", roles.COMMUNITY_MANAGERS)


@pytest.fixture
def moderator(db):
    return factories.make_user("moe", roles.MODERATORS)
