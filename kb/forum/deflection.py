"""Deflection: answers suggested while a member types a question, and what came of it.

One AskAttempt per visit to the Ask page (kept in the session): the suggest endpoint records
the query and the suggestions shown, the go endpoint records the one opened, posting records
the topic. Opened a suggestion and did not post = a deflected question.
"""

from django.utils import timezone

from kb import search
from kb.forum import topic_index
from kb.forum.models import AskAttempt

SESSION_KEY = "forum_ask_attempt"
MIN_QUERY_LENGTH = 3
MAX_QUERY_LENGTH = 160
ARTICLES, TOPICS = 5, 5
# Topics below this matcher score are about something else (the Ask box shows none rather
# than unrelated ones): the score of a topic that shares only a common word.
TOPIC_MIN_SCORE = 0.1


def clean_query(raw):
    return search.clean_query(raw)[:MAX_QUERY_LENGTH]


def similar_topics(query, language, limit=TOPICS):
    """Public topics, open or solved, about the same problem, in the visitor's language."""
    found = topic_index.search(query, language, limit=limit, only_lang=language)
    return [topic for topic, match in found if match.score >= TOPIC_MIN_SCORE]


def suggestions(query, language):
    """(articles, topics) that may already answer the question."""
    if len(query) < MIN_QUERY_LENGTH:
        return [], []
    results = search.search(query, language, limit=ARTICLES)
    return [hit.article for hit in results.hits[:ARTICLES]], similar_topics(query, language)


def current_attempt(request, create=True):
    """This session's open attempt (not yet posted), created on first use."""
    attempt_id = request.session.get(SESSION_KEY)
    attempt = AskAttempt.objects.filter(pk=attempt_id, topic__isnull=True).first()
    if attempt is None and create:
        if not request.session.session_key:
            request.session.save()
        attempt = AskAttempt.objects.create(
            session_key=request.session.session_key,
            user=request.user if request.user.is_authenticated else None,
        )
        request.session[SESSION_KEY] = attempt.pk
    return attempt


def owns(request, attempt):
    return request.session.get(SESSION_KEY) == attempt.pk


def record_shown(attempt, query, articles, topics):
    attempt.query = query
    attempt.shown_articles = sorted({*attempt.shown_articles, *(a.pk for a in articles)})
    attempt.shown_topics = sorted({*attempt.shown_topics, *(t.pk for t in topics)})
    attempt.save(update_fields=["query", "shown_articles", "shown_topics"])


def record_click(attempt, article=None, topic=None):
    attempt.clicked_article = article or attempt.clicked_article
    attempt.clicked_topic = topic or attempt.clicked_topic
    attempt.clicked_at = timezone.now()
    attempt.save(update_fields=["clicked_article", "clicked_topic", "clicked_at"])


def record_posted(request, topic):
    attempt = current_attempt(request, create=False)
    if attempt is not None:
        attempt.topic = topic
        attempt.query = attempt.query or topic.title[:MAX_QUERY_LENGTH]
        attempt.save(update_fields=["topic", "query"])
    request.session.pop(SESSION_KEY, None)


def stats(since=None):
    """Questions typed in Ask, how many were posted, how many deflected."""
    attempts = AskAttempt.objects.exclude(query="")
    if since is not None:
        attempts = attempts.filter(created__gte=since)
    return {
        "asked": attempts.count(),
        "posted": attempts.filter(topic__isnull=False).count(),
        "deflected": attempts.filter(clicked_at__isnull=False, topic__isnull=True).count(),
    }
