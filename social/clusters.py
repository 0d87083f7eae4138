"""Group complaints that say the same thing within a time window (an outage makes hundreds).

Two complaints belong together when they are at most `WINDOW` apart, in the same language,
and either their normalised terms overlap (at least `MIN_SHARED` shared terms making
`OVERLAP` of the smaller set, greetings and the brand's name aside) or their top confident
suggestion is the same article. (rapidfuzz's token_set_ratio was tried first: it splits an
outage's varied wording — "site down 502!!" / "502 bad gateway, site down?" — apart.)
Each complaint is compared with at most `RECENT` neighbours in time, so assigning n
complaints costs O(n·RECENT) comparisons (plus a sorted insert), whatever the history.
"""

import bisect
from datetime import timedelta

from social.matching import normalize
from social.models import Cluster, Complaint, Suggestion

WINDOW = timedelta(hours=2)
OVERLAP = 0.5
MIN_SHARED = 2  # one shared word ("site") says too little
RECENT = 200
NOISE = frozenset("help pleas nimbus hi hello thank thanks again still aide merci bonjour".split())


class _Item:
    __slots__ = ("complaint", "terms", "article")

    def __init__(self, complaint, article):
        norm = normalize(complaint.text, lang=complaint.language)
        self.complaint = complaint
        self.terms = set(norm.terms) - NOISE
        self.article = article


def _similar(a, b):
    if a.article is not None and a.article == b.article:
        return True
    shared = len(a.terms & b.terms)
    return shared >= MIN_SHARED and shared >= OVERLAP * min(len(a.terms), len(b.terms))


def _top_articles(complaints):
    return dict(
        Suggestion.objects.filter(
            complaint__in=complaints, rank=1, confident=True, rejected_at__isnull=True
        ).values_list("complaint_id", "article_id")
    )


def assign(complaints):
    """Put each complaint in the cluster of a similar one posted within the window, if any.

    Complaints may arrive out of order (imports, pollers), so the window looks both ways,
    nearest first, and stops after `RECENT` comparisons."""
    if not complaints:
        return
    complaints = sorted(complaints, key=lambda c: c.created_at)
    nearby = list(
        Complaint.objects.filter(
            created_at__gte=complaints[0].created_at - WINDOW,
            created_at__lte=complaints[-1].created_at + WINDOW,
        )
        .exclude(pk__in=[c.pk for c in complaints])
        .order_by("-created_at")[: RECENT * 5]
    )
    tops = _top_articles([*nearby, *complaints])
    items = sorted((_Item(c, tops.get(c.pk)) for c in nearby), key=_time)
    times = [_time(item) for item in items]
    for complaint in complaints:
        item = _Item(complaint, tops.get(complaint.pk))
        position = bisect.bisect(times, _time(item))
        similar = [
            other
            for other in _nearest(items, position, complaint.created_at)
            if other.complaint.language == complaint.language and _similar(item, other)
        ]
        if similar:  # prefer a neighbour already in a cluster
            best = next((o for o in similar if o.complaint.cluster_id), similar[0])
            _join(complaint, best.complaint, item.article)
        items.insert(position, item)
        times.insert(position, _time(item))


def _time(item):
    return item.complaint.created_at


def _nearest(items, position, moment):
    """The items within the window around `position`, nearest in time first."""
    before, after = position - 1, position
    found = []
    while len(found) < RECENT:
        left = items[before] if before >= 0 else None
        right = items[after] if after < len(items) else None
        if left is not None and moment - _time(left) > WINDOW:
            left = None
        if right is not None and _time(right) - moment > WINDOW:
            right = None
        if left is None and right is None:
            break
        if right is None or (left is not None and moment - _time(left) <= _time(right) - moment):
            found.append(left)
            before -= 1
        else:
            found.append(right)
            after += 1
    return found


def _join(complaint, other, article_id):
    if other.cluster_id is None:
        other.cluster = Cluster.objects.create(
            label=" ".join(other.text.split())[:80],
            article_id=article_id,
            created_at=other.created_at,
        )
        Complaint.objects.filter(pk=other.pk).update(cluster=other.cluster)
    complaint.cluster_id = other.cluster_id
    Complaint.objects.filter(pk=complaint.pk).update(cluster_id=other.cluster_id)
