"""The matcher over the live knowledge base: one index per process, kept in step with publishing.

Articles become matcher documents (title, summary and body text, tags, symptoms as aliases).
Publishing or changing an article updates its document; unpublishing or deleting removes it.
Other modules add aliases (e.g. complaints a CM answered with the article) by connecting a
function to `extra_aliases`, which is called for each article document built.
"""

import threading

from django.conf import settings
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver
from wagtail.signals import page_published, page_unpublished

from kb.models import ArticlePage
from social.matching import Document, Matcher
from social.matching.encoder import ModelConfig

# Receivers return (aliases: list[str], answer_count: int) for `article`.
extra_aliases = Signal()

_lock = threading.Lock()
_matcher = None


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


def live_documents():
    articles = ArticlePage.objects.live().select_related("locale").prefetch_related("tags")
    return (article_document(article) for article in articles.iterator(chunk_size=500))


def get_matcher():
    """The process's matcher, built from the live articles on first use."""
    global _matcher
    with _lock:
        if _matcher is None:
            config = settings.MATCHER_MODEL
            model = ModelConfig.from_dict(config) if config else None
            matcher = Matcher(settings.MATCHER_INDEX_DIR, model=model, vectors=StoredVectors())
            if len(matcher) == 0:
                matcher.rebuild(live_documents())
            _matcher = matcher
        return _matcher


def rebuild():
    """Rebuild the index from the database (`manage.py rebuild_matcher_index`)."""
    matcher = get_matcher()
    matcher.rebuild(live_documents())
    return len(matcher)


def reset():
    """Forget the process's matcher (tests use a fresh in-memory index each)."""
    global _matcher
    with _lock:
        _matcher = None


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
    """Re-index one article after something that feeds its document changed."""
    if _matcher is None:
        return  # built lazily from the database on first use
    live = ArticlePage.objects.live().filter(pk=article.pk).first()
    if live is None:
        _matcher.remove(str(article.pk))
    else:
        _matcher.add_or_update(article_document(live))


@receiver(page_published)
def _on_publish(sender, instance, **kwargs):
    if isinstance(instance.specific, ArticlePage) and _matcher is not None:
        _matcher.add_or_update(article_document(instance.specific))


@receiver(page_unpublished)
@receiver(post_delete, sender=ArticlePage)
def _on_unpublish(sender, instance, **kwargs):
    if _matcher is not None:
        _matcher.remove(str(instance.pk))
