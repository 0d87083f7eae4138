"""Dashboard numbers, computed on real rows."""

from datetime import timedelta

import pytest

from kb.editing.models import ArticleFeedback
from social import metrics, sending, suggestions
from social.models import Complaint, LinkClick, Reply

pytestmark = pytest.mark.django_db


def test_percentile():
    assert metrics.percentile([], 50) is None
    assert metrics.percentile([10], 90) == 10
    assert metrics.percentile([1, 2, 3, 4], 50) == 2.5
    assert metrics.percentile(list(range(11)), 90) == 9


def answer(complaint, article, user, backend, after_minutes):
    reply = sending.send(
        sending.save_draft(complaint, user, article=article), user, backend=backend
    )
    answered = complaint.created_at + timedelta(minutes=after_minutes)
    Complaint.objects.filter(pk=complaint.pk).update(first_response_at=answered)
    return reply


def test_response_times_acceptance_helped_and_clicks(
    kb, make_complaint, community_manager, backend
):
    fast = make_complaint("my mails bounce", minutes_ago=300)
    slow = make_complaint("site down 502", handle="eve", minutes_ago=300)
    other = make_complaint("mails bounce with 550 user unknown", handle="max", minutes_ago=300)
    make_complaint("nothing to do with anything quantum", handle="q")  # still open
    reply = answer(fast, kb["bounce"], community_manager, backend, 10)
    answer(slow, kb["outage"], community_manager, backend, 90)
    suggestions.reject(other.top_suggestion(), community_manager)
    answer(other, kb["outage"], community_manager, backend, 30)  # not the original top-1
    LinkClick.objects.create(reply=reply)
    LinkClick.objects.create(reply=reply)
    for n, helpful in enumerate([True, True, False]):
        ArticleFeedback.objects.create(page=kb["bounce"], helpful=helpful, visitor_key=f"v{n}")

    times = metrics.response_times()
    assert times == {
        "answered": 3,
        "median_minutes": 30.0,
        "p90_minutes": 78.0,
        "within_sla": pytest.approx(2 / 3),
    }
    assert metrics.acceptance_rate() == pytest.approx(2 / 3)
    helped = {
        row["title"]: (row["replies"], row["clicks"], row["helpful_yes"], row["helpful_no"])
        for row in metrics.articles_helping()
    }
    assert helped == {
        "502 Bad Gateway on my website": (2, 0, 0, 0),
        "Why do my e-mails bounce?": (1, 2, 2, 1),
    }
    assert metrics.open_complaints() == 1
    assert [g["count"] for g in metrics.content_gaps()] == [1]
    assert Reply.objects.filter(state="sent").count() == 3
