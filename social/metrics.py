"""The numbers on the CM dashboard, as plain functions over the database."""

from datetime import timedelta

from django.db.models import Count, F, Q

from kb.editing.models import ArticleFeedback
from social import gaps
from social.models import Complaint, LinkClick, Reply, Suggestion

SLA = timedelta(hours=1)


def percentile(values, q):
    """The q-th percentile (0..100) by linear interpolation; None for no values."""
    if not values:
        return None
    values = sorted(values)
    position = (len(values) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def first_response_seconds():
    rows = Complaint.objects.filter(first_response_at__isnull=False).values_list(
        "created_at", "first_response_at"
    )
    return [max((answered - asked).total_seconds(), 0) for asked, answered in rows]


def response_times():
    """Median and 90th percentile first-response time (minutes), share answered within 1 h."""
    seconds = first_response_seconds()
    within = sum(1 for s in seconds if s <= SLA.total_seconds())
    return {
        "answered": len(seconds),
        "median_minutes": _minutes(percentile(seconds, 50)),
        "p90_minutes": _minutes(percentile(seconds, 90)),
        "within_sla": within / len(seconds) if seconds else None,
    }


def _minutes(seconds):
    return None if seconds is None else round(seconds / 60, 1)


def sent_answers():
    return Reply.objects.filter(
        state=Reply.State.SENT, kind=Reply.Kind.ANSWER, article__isnull=False
    )


def articles_helping():
    """[{article, title, replies (customers helped), clicks, helpful_yes, helpful_no}] for the
    articles sent in answers, most replies first ("was this helpful?" from kb.editing)."""
    replies = {
        row["article"]: row
        for row in sent_answers()
        .values("article", title=F("article__title"), url_path=F("article__url_path"))
        .annotate(replies=Count("id"))
    }
    clicks = dict(
        LinkClick.objects.filter(reply__article__isnull=False)
        .values_list("reply__article")
        .annotate(n=Count("id"))
    )
    feedback = {
        row["page"]: row
        for row in ArticleFeedback.objects.filter(page__in=list(replies))
        .values("page")
        .annotate(yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)))
    }
    rows = [
        {
            **row,
            "clicks": clicks.get(pk, 0),
            "helpful_yes": feedback.get(pk, {}).get("yes", 0),
            "helpful_no": feedback.get(pk, {}).get("no", 0),
        }
        for pk, row in replies.items()
    ]
    return sorted(rows, key=lambda r: (-r["replies"], r["title"]))


def acceptance_rate():
    """Share of sent answers that link the matcher's top suggestion (or its translation)."""
    answers = list(sent_answers().values_list("complaint_id", "article__translation_key"))
    tops = dict(
        Suggestion.objects.filter(rank=1, complaint_id__in=[c for c, _ in answers]).values_list(
            "complaint_id", "article__translation_key"
        )
    )
    judged = [(c, key) for c, key in answers if c in tops]
    if not judged:
        return None
    return sum(1 for c, key in judged if tops[c] == key) / len(judged)


def content_gaps(limit=10):
    groups = [g for g in gaps.groups() if g.complaints]
    groups.sort(key=lambda g: -len(g.complaints))
    return [{"label": g.label, "count": len(g.complaints)} for g in groups[:limit]]


def open_complaints():
    return Complaint.objects.filter(status=Complaint.Status.NEW).count()
