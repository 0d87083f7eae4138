"""The matcher over the forum's public topics: forum search and the Ask box rank topics with it.

A separate index from the articles' (`social.article_index`), built from the database on first
use and kept in step when a topic or its question or accepted answer is saved. A topic's
language is detected from its words (topics have no language field).
"""

import threading

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from kb import changes
from kb.forum.models import Post, Topic
from kb.models import search_synonyms
from social.matching import Document, Matcher, Synonyms

RETRIEVE = 30

_lock = threading.Lock()
_matcher = None
_synonyms = None  # the change log's feed of synonym changes


def public_topics():
    return Topic.objects.public().select_related("question", "solution")


def topic_document(topic):
    """The matcher's view of a topic: its title, question and accepted answer."""
    parts = [topic.question.body_markdown if topic.question else ""]
    if topic.solution is not None and topic.solution.is_visible:
        parts.append(topic.solution.body_markdown)
    return Document.from_dict({"id": str(topic.pk), "title": topic.title, "body": "\n".join(parts)})


def get_matcher():
    """The process's topic matcher, built from the public topics on first use."""
    global _matcher, _synonyms
    with _lock:
        if _matcher is None:
            _synonyms = changes.Feed(kinds=(changes.ContentChange.Kind.SYNONYMS,))
            _synonyms.poll()
            matcher = Matcher(settings.FORUM_INDEX_DIR)
            if len(matcher) == 0:
                matcher.rebuild(topic_document(t) for t in public_topics().iterator())
            matcher.set_synonyms(Synonyms(search_synonyms()))
            _matcher = matcher
            changes.follow(_poll)
        return _matcher


def _poll():
    """Reload the search synonyms when a moderator changed them."""
    with _lock:
        feed, matcher = _synonyms, _matcher
    if feed is not None and matcher is not None and feed.poll():
        matcher.set_synonyms(Synonyms(search_synonyms()))


def rebuild():
    """Rebuild the topic index from the database (`manage.py rebuild_matcher_index`)."""
    matcher = get_matcher()
    matcher.rebuild(topic_document(t) for t in public_topics().iterator())
    return len(matcher)


def reset():
    """Forget the process's matcher (tests use a fresh in-memory index each)."""
    global _matcher
    with _lock:
        _matcher = None


def search(query, language, limit=RETRIEVE, only_lang=None):
    """[(topic, match)] of the public topics for ``query``, best first."""
    matches = get_matcher().match(query, limit=limit, lang=language, only_lang=only_lang)
    topics = public_topics().in_bulk([int(m.doc_id) for m in matches])
    return [(topics[int(m.doc_id)], m) for m in matches if int(m.doc_id) in topics]


def refresh(topic_id):
    if _matcher is None:
        return  # built from the database on first use
    topic = public_topics().filter(pk=topic_id).first()
    if topic is None:
        _matcher.remove(str(topic_id))
    else:
        _matcher.add_or_update(topic_document(topic))


@receiver(post_save, sender=Topic)
def _on_topic_saved(sender, instance, **kwargs):
    refresh(instance.pk)


@receiver(post_save, sender=Post)
def _on_post_saved(sender, instance, **kwargs):
    if _matcher is None:
        return
    topic = Topic.objects.filter(pk=instance.topic_id).values("question_id", "solution_id")
    ids = topic.first() or {}
    if instance.pk in (ids.get("question_id"), ids.get("solution_id")):
        refresh(instance.topic_id)


@receiver(post_delete, sender=Topic)
def _on_topic_deleted(sender, instance, **kwargs):
    if _matcher is not None:
        _matcher.remove(str(instance.pk))
