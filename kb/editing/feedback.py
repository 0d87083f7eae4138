"""'Was this helpful?': one answer per visitor per article, counts, least helpful articles."""

import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, FloatField, Prefetch, Q
from django.db.models.functions import Cast

from kb.editing.models import ArticleFeedback
from kb.models import ArticlePage


def visitor_key(request):
    """A stable, non-reversible key for the visitor: their user id, else their session."""
    if request.user.is_authenticated:
        raw = f"user:{request.user.pk}"
    else:
        if not request.session.session_key:
            request.session.save()
        raw = f"session:{request.session.session_key}"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{raw}".encode()).hexdigest()


def answer(request, page):
    """This visitor's answer on this article, or None."""
    if not request.user.is_authenticated and not request.session.session_key:
        return None
    return ArticleFeedback.objects.filter(page=page, visitor_key=visitor_key(request)).first()


def has_answered(request, page):
    return answer(request, page) is not None


def record(request, page, helpful, reason="", comment=""):
    """Save the visitor's answer; False if they had already answered for this article."""
    try:
        with transaction.atomic():
            ArticleFeedback.objects.create(
                page=page,
                helpful=helpful,
                reason="" if helpful else reason,
                comment=comment,
                user=request.user if request.user.is_authenticated else None,
                visitor_key=visitor_key(request),
            )
    except IntegrityError:
        return False
    return True


def counts(page):
    """{"yes": n, "no": n, "reasons": {reason label: n}} for one article."""
    rows = ArticleFeedback.objects.filter(page=page)
    totals = rows.aggregate(
        yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
    )
    labels = dict(ArticleFeedback.REASON_CHOICES)
    reasons = (
        rows.filter(helpful=False)
        .exclude(reason="")
        .values("reason")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    totals["reasons"] = {labels.get(row["reason"], row["reason"]): row["n"] for row in reasons}
    return totals


def comments(page=None):
    """The readers' comments that came with a "no", newest first (for moderators)."""
    rows = ArticleFeedback.objects.filter(helpful=False).exclude(comment="")
    if page is not None:
        rows = rows.filter(page=page)
    return rows.order_by("-created", "-pk")


def least_helpful(limit=20, minimum_answers=1):
    """Articles ordered by their share of "no" answers (then by how many said no).

    Each has `no_comments`: the comments of its "no" answers, newest first.
    """
    return (
        ArticlePage.objects.prefetch_related(
            Prefetch("feedback", queryset=comments(), to_attr="no_comments")
        )
        .annotate(
            yes=Count("feedback", filter=Q(feedback__helpful=True)),
            no=Count("feedback", filter=Q(feedback__helpful=False)),
            answers=Count("feedback"),
        )
        .filter(answers__gte=minimum_answers, no__gt=0)
        .annotate(unhelpful_share=Cast(F("no"), FloatField()) / Cast(F("answers"), FloatField()))
        .order_by("-unhelpful_share", "-no", "title")[:limit]
    )
