"""The content change log: a feed returns each change once, including one committed late
below ids already seen, and a process's matcher applies changes another process recorded."""

import pytest

from kb import changes
from kb.changes import ContentChange, Feed
from kb.models import ArticlePage
from social import article_index, index_sync
from social.matching import Matcher

Kind = ContentChange.Kind


@pytest.mark.django_db
def test_a_feed_returns_each_change_once_even_one_committed_late():
    first = ContentChange.objects.create(kind=Kind.PAGE, object_id=1)
    feed = Feed(after=first.pk - 1)
    late_id = first.pk + 1  # taken by a transaction that commits after the next one
    third = ContentChange.objects.create(id=first.pk + 2, kind=Kind.FORUM, object_id=3)
    assert [row[0] for row in feed.poll()] == [first.pk, third.pk]
    assert feed.complete_through() == first.pk
    version = feed.version()
    ContentChange.objects.create(id=late_id, kind=Kind.ARTICLE, object_id=2)
    assert feed.poll() == [(late_id, Kind.ARTICLE, 2)]
    assert feed.poll() == []
    assert feed.complete_through() == third.pk
    assert feed.version() != version


@pytest.mark.django_db
def test_a_feed_of_some_kinds_ignores_the_others():
    start = ContentChange.objects.create(kind=Kind.PAGE, object_id=1)  # ids need not start at 1
    feed = Feed(after=start.pk, kinds=(Kind.FORUM,))
    ContentChange.objects.create(kind=Kind.ARTICLE, object_id=5)
    version = feed.version()
    assert feed.poll() == []
    assert feed.version() == version
    forum = ContentChange.objects.create(kind=Kind.FORUM, object_id=6)
    assert feed.poll() == [(forum.pk, Kind.FORUM, 6)]
    assert feed.version() != version


@pytest.mark.django_db
def test_the_matcher_applies_what_another_process_recorded(bounce_article):
    assert article_index.suggest_articles("my mails bounce")[0][0] == bounce_article
    # Another process unpublished it: the database and the log changed, no signal here.
    ArticlePage.objects.filter(pk=bounce_article.pk).update(live=False)
    ContentChange.objects.create(kind=Kind.ARTICLE, object_id=bounce_article.pk)
    changes.catch_up()
    assert str(bounce_article.pk) not in article_index.get_matcher()
    ArticlePage.objects.filter(pk=bounce_article.pk).update(live=True)
    ContentChange.objects.create(kind=Kind.ARTICLE, object_id=bounce_article.pk)
    changes.catch_up()
    assert article_index.suggest_articles("my mails bounce")[0][0] == bounce_article


@pytest.mark.django_db
def test_an_on_disk_index_catches_up_with_changes_made_while_it_was_closed(
    settings, tmp_path, bounce_article, email_category
):
    settings.MATCHER_INDEX_DIR = tmp_path / "ix"
    article_index.reset()
    assert str(bounce_article.pk) in article_index.get_matcher()
    article_index.reset()  # the process stops; another one unpublishes meanwhile
    ArticlePage.objects.filter(pk=bounce_article.pk).update(live=False)
    ContentChange.objects.create(kind=Kind.ARTICLE, object_id=bounce_article.pk)
    assert str(bounce_article.pk) not in article_index.get_matcher()  # reopened, caught up


@pytest.mark.django_db
def test_processes_holding_the_same_articles_share_a_version(bounce_article):
    """The version keys the rankings that processes share (site search): equal only when two
    processes hold the same articles."""
    here = article_index.get_matcher()
    first = article_index.version()
    assert first is not None
    other = index_sync.IndexSync(
        Matcher(),
        None,
        changes.latest_id(),
        article_index.live_document,
        lambda: [],
        article_index.synonyms,
    )
    assert other.version == first  # started from the same point: the same articles
    ArticlePage.objects.filter(pk=bounce_article.pk).update(live=False)
    ContentChange.objects.create(kind=Kind.ARTICLE, object_id=bounce_article.pk)
    assert article_index.version() == first == other.version  # neither has seen it yet
    other.poll()
    assert other.version != first  # it has: its articles differ from this process's
    changes.catch_up()
    assert article_index.version() == other.version
    here.rebuild([])  # changed outside the log: shares nothing until it follows the log again
    assert article_index.version() is None
