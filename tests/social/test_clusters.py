"""Clustering: similar complaints within the window share a cluster; others do not."""

import pytest

from social import clusters
from social.models import Complaint

pytestmark = pytest.mark.django_db


def fresh(complaint):
    return Complaint.objects.get(pk=complaint.pk)


def test_outage_complaints_share_one_cluster(kb, make_complaint):
    texts = [
        "site down 502!!",
        "my website is down with a 502 bad gateway",
        "is the site down? 502 error",
        "502 bad gateway on my site, down since 10 min",
    ]
    members = [make_complaint(t, minutes_ago=40 - i) for i, t in enumerate(texts)]
    ids = {fresh(c).cluster_id for c in members}
    assert len(ids) == 1 and None not in ids
    unrelated = make_complaint("how do I download my invoice for october", minutes_ago=5)
    assert fresh(unrelated).cluster_id is None


def test_same_words_without_an_article_also_cluster(db, make_complaint):
    first = make_complaint("nimbus drive sync stuck at 99 percent", minutes_ago=30)
    second = make_complaint("drive sync stuck at 99 percent again", minutes_ago=20)
    assert fresh(first).cluster_id is not None
    assert fresh(first).cluster_id == fresh(second).cluster_id


def test_outside_the_window_is_a_new_story(db, make_complaint):
    old = make_complaint("nimbus drive sync stuck at 99 percent", minutes_ago=60 * 5)
    new = make_complaint("nimbus drive sync stuck at 99 percent", minutes_ago=5)
    assert fresh(old).cluster_id is None and fresh(new).cluster_id is None


def test_other_language_is_not_grouped(db, make_complaint):
    make_complaint("synchronisation du drive bloquée à 99 pour cent", minutes_ago=20)
    english = make_complaint("drive synchronisation blocked at 99 percent", minutes_ago=10)
    assert fresh(english).cluster_id is None


def test_each_complaint_is_compared_with_a_bounded_window(db, make_complaint, monkeypatch):
    monkeypatch.setattr(clusters, "RECENT", 3)
    calls = []
    real = clusters._similar
    monkeypatch.setattr(clusters, "_similar", lambda a, b: calls.append(1) or real(a, b))
    topics = [
        "invoice october download",
        "password reset mail missing",
        "domain transfer auth code",
        "webmail login loop",
        "php version change",
        "backup restore yesterday",
        "ftp connection refused",
        "certificate expired warning",
    ]
    for i, topic in enumerate(topics):
        make_complaint(f"please help with {topic}", minutes_ago=50 - i)
    assert len(calls) == sum(min(i, 3) for i in range(8))  # not 0+1+…+7 = 28
    assert not Complaint.objects.filter(cluster__isnull=False).exists()
