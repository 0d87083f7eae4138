"""The matcher over the live knowledge base: one index per process, kept in step with publishing.

Articles become matcher documents (title, summary and body text, tags, symptoms as aliases).
Publishing or changing an article updates its document; unpublishing or deleting removes it:
each such change is a row of the content change log, which every process follows
(``social/index_sync.py``), so all of them see the same articles within a poll.
Other modules add aliases (e.g. complaints a CM answered with the article) by connecting a
function to `extra_aliases`, which is called for each article document built.
"""

import threading
import time

from django.conf import settings
from django.dispatch import Signal

from kb import change_signals, changes
from kb.models import ArticlePage, search_synonyms
from social import index_sync
from social.matching import Document, Matcher, Synonyms
from social.matching.encoder import ModelConfig

# Receivers return (aliases: list[str], answer_count: int) for `article`.
extra_aliases = Signal()

_lock = threading.Lock()
_poll_lock = threading.Lock()
_matcher = None
_sync = None
_polled_at = 0.0


def article_document(article):
    """The matcher's view of one article page."""
    aliases = list(article.symptom_list)
    answer_count = 0
    for _receiver, (more_aliases, count) in extra_aliases.send(sender=ArticlePage, article=article):
        aliases.extend(more_aliases)
        answer_count += count
    body = article.body.stream_block.get_searchable_content(article.body)
    return Document(
        id=str(article.pk),
        title=article.title,
        body="\n".join([article.summary, *body]),
        tags=[tag.name for tag in article.tags.all()],
        aliases=aliases,
        lang=article.locale.language_code,
        url=article.url or "",
        answer_count=answer_count,
    )


def synonyms():
    """The moderators' search synonyms, for a matcher."""
    return Synonyms(search_synonyms())


def live_documents():
    articles = ArticlePage.objects.live().select_related("locale").prefetch_related("tags")
    return (article_document(article) for article in articles.iterator(chunk_size=500))


def live_document(article_id):
    """The document of the live article ``article_id``, None if it is not live."""
    articles = ArticlePage.objects.live().select_related("locale").prefetch_related("tags")
    article = articles.filter(pk=article_id).first()
    return None if article is None else article_document(article)


def get_matcher():
    """The process's matcher, opened (or built from the live articles) on first use, then
    following the change log from the point its index is complete."""
    global _matcher, _sync, _polled_at
    with _lock:
        if _matcher is None:
            index_dir = settings.MATCHER_INDEX_DIR
            latest = changes.latest_id()  # before reading: later changes are applied after
            config = settings.MATCHER_MODEL
            model = ModelConfig.from_dict(config) if config else None
            matcher = Matcher(index_dir, model=model, vectors=StoredVectors(), watch_disk=False)
            cursor = None if index_dir is None else index_sync.read_cursor(index_dir)
            if len(matcher) == 0 or cursor is None or not index_sync.reaches_back_to(cursor):
                matcher.rebuild(live_documents())
                index_sync.write_cursor(index_dir, latest)
                cursor = latest
            matcher.set_synonyms(synonyms())
            _sync = index_sync.IndexSync(
                matcher, index_dir, cursor, live_document, live_documents, synonyms
            )
            _matcher = matcher
            _polled_at = 0.0
            changes.follow(_poll)
        else:
            matcher = _matcher
    if time.monotonic() - _polled_at >= changes.POLL_SECONDS:
        _poll()  # processes without a follower thread (the task worker) catch up here
    return matcher


def _poll():
    global _polled_at
    with _poll_lock:
        _polled_at = time.monotonic()
        sync = _sync
        if sync is not None and sync.matcher is _matcher:
            sync.poll()


def version():
    """A token of the articles this process's matcher holds, equal in two processes only when
    they hold the same ones (see `IndexSync`); None before the matcher is built."""
    sync = _sync
    return None if sync is None else sync.version


def rebuild():
    """Rebuild the index from the database (`manage.py rebuild_matcher_index`); the other
    processes reload it (or rebuild theirs) when they see the change."""
    matcher = get_matcher()
    change = changes.ContentChange.objects.create(
        kind=changes.ContentChange.Kind.ARTICLE, object_id=index_sync.REBUILD
    )
    _sync.rebuilt_through = change.pk
    matcher.rebuild(live_documents())
    index_sync.write_cursor(settings.MATCHER_INDEX_DIR, change.pk)
    return len(matcher)


def reset():
    """Forget the process's matcher (tests use a fresh in-memory index each)."""
    global _matcher, _sync
    with _lock:
        _matcher = _sync = None


class StoredVectors:
    """The matcher's vector store in the database (`TextVector`)."""

    def get_many(self, keys):
        from social.models import TextVector

        rows = TextVector.objects.filter(key__in=keys).values_list("key", "vector")
        return {key: bytes(vector) for key, vector in rows}

    def put_many(self, items):
        from social.models import TextVector

        rows = [TextVector(key=key, vector=vector) for key, vector in items.items()]
        TextVector.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def suggest_articles(text, limit=5, language=None):
    """[(article, match)] for a complaint or a question, best first; only live articles."""
    matches = get_matcher().match(text, limit=limit, lang=language)
    pages = ArticlePage.objects.live().in_bulk([int(m.doc_id) for m in matches])
    return [(pages[int(m.doc_id)], m) for m in matches if int(m.doc_id) in pages]


def refresh_article(article):
    """Re-index one article after something that feeds its document changed (in every process:
    through the change log)."""
    change_signals.article_changed(article.pk)
