"""Group complaints that say the same thing within a time window (an outage makes hundreds).

Two complaints are similar when they are in the same language, do not address different
brands (disjoint handles, see `_same_brand`: an agency's inbox; SOCIAL_BRAND_HANDLES are one
brand), and either their sentence vectors
say the same thing (cosine `SAME_MEANING`), or their top confident suggestion is the same article
and they share a content word and, when vectors are known, are close in meaning
(`AGREEING_MEANING`), or their *content words* overlap: at least `MIN_SHARED` shared terms
making `OVERLAP` of the words of both, once support filler ("still not working, any update?",
greetings, the brand's name, handles and links) is set aside, and their vectors, when known,
are not far apart (`WORDS_NEED_MEANING`). (rapidfuzz's token_set_ratio was
tried first: it splits an outage's varied wording — "site down 502!!" / "502 bad gateway, site
down?" — apart.) Vectors are those the matcher computed (`Complaint.meaning`); without the
model, or in a language it does not know, the word rules alone decide.

A complaint joins the cluster of its most similar neighbour only if it is also similar to the
cluster's first complaint (its seed) and posted within `WINDOW` of it: clusters do not drift
from topic to topic by chains of neighbours, nor grow past the window. A cluster holds at most
`MAX_SIZE` complaints; the next similar one starts a new cluster (split).

Each complaint is compared with at most `RECENT` neighbours in time, so assigning n complaints
costs O(n·RECENT) comparisons (plus a sorted insert), whatever the history. `Grouping` is the
algorithm without the database (the benchmark runs it on the dev sets); `assign` stores it.
"""

import bisect
import re
from datetime import timedelta

import numpy as np
from django.db.models import Count

from social.matching import normalize
from social.models import Cluster, Complaint, Suggestion
from social.networks.config import brand_handles

WINDOW = timedelta(hours=2)
OVERLAP = 0.6  # of the words of both (Jaccard)
MIN_SHARED = 2  # one shared word ("site") says too little
RECENT = 200
# Cosines of two complaints' sentence vectors: the same problem in other words; and enough, with
# the same confident article, to tell "hacked account" at one brand from a login bug at another
# (chosen on the banking77 and ibm-twitter dev sets, benchmarks/clusters.py).
SAME_MEANING = 0.8
AGREEING_MEANING = 0.65
# Below this cosine, shared words are filler around different problems ("still down" about DNS
# and about an invoice): the word rule does not join them when vectors are known.
WORDS_NEED_MEANING = 0.7
MAX_SIZE = 500
# Stemmed words every kind of complaint uses (English and French): they say nothing of the topic.
FILLER = frozenset(
    """
    link help pleas plz pls nimbus hi hello hey thank thanks again still not no yet ani anyon
    updat work fix issu problem today now day time long wait take what why how when where who
    can cant could get got need want know up isnt dont doesnt wont didnt ok guy someth just
    realli one use tri seem sinc ever would should im ive your our us me my
    aide merci bonjour salut toujour pas rien encor march problem aujourd hui quand pourquoi
    comment nouvel quelqu besoin fait fair peut
    """.split()
)

HANDLE = re.compile(r"(?<![\w@])@(\w{1,30})")
MENTION_OR_URL = re.compile(r"(?:@|https?://|www\.)\S+", re.IGNORECASE)


class Item:
    """A complaint as the grouping sees it: its time, language, content words, top article."""

    __slots__ = ("key", "at", "language", "terms", "to", "article", "cluster", "meaning")

    def __init__(self, key, at, language, text, article=None, cluster=None, meaning=None):
        self.key, self.at, self.language, self.article = key, at, language, article
        self.meaning = meaning  # its sentence vector (unit length), if the model knows it
        self.to = addressees(text)
        text = MENTION_OR_URL.sub(" ", text)  # the brand's handle says nothing of the topic
        self.terms = set(normalize(text, lang=language).terms) - FILLER
        self.cluster = cluster


def addressees(text):
    """The accounts a complaint mentions (lower case), the brand's own as one ("@")."""
    ours = brand_handles()
    return frozenset("@" if h in ours else h for h in map(str.casefold, HANDLE.findall(text)))


def _same_brand(one, other):
    """False when two complaints address other accounts: no shared handle, and neither handle
    extends the other (@spotify and @spotifycares are one brand; @gmail and @spotify are not)."""
    if not one or not other or one & other:
        return True
    return any(a.startswith(b) or b.startswith(a) for a in one for b in other)


def _similar(a, b):
    if a.language != b.language or not _same_brand(a.to, b.to):
        return False
    cosine = None
    if a.meaning is not None and b.meaning is not None:
        cosine = float(a.meaning @ b.meaning)
        if cosine >= SAME_MEANING:
            return True
    shared = len(a.terms & b.terms)
    if a.article is not None and a.article == b.article:
        # the matcher agrees, and so do a content word and, if known, the meaning
        return shared >= 1 and (cosine is None or cosine >= AGREEING_MEANING)
    if cosine is not None and cosine < WORDS_NEED_MEANING:
        return False
    return shared >= MIN_SHARED and shared >= OVERLAP * len(a.terms | b.terms)


class Grouping:
    """Items sorted by time and their clusters: `add` places one item and says where."""

    def __init__(self, items=(), clusters=None):
        """`clusters`: {key: [seed item, size]} of the items' clusters (else from the items:
        the earliest member is the seed)."""
        self.items = sorted(items, key=_time)
        self.times = [_time(item) for item in self.items]
        self.clusters = clusters
        if clusters is None:
            self.clusters = {}
            for item in self.items:
                if item.cluster is not None:
                    self.clusters.setdefault(item.cluster, [item, 0])[1] += 1

    def add(self, item, new_cluster):
        """Put `item` in the cluster of a similar neighbour, if any; `new_cluster(other)` makes
        a cluster seeded by `other`, a similar neighbour without one. Returns the cluster."""
        position = bisect.bisect(self.times, _time(item))
        for other in _nearest(self.items, position, item.at):
            if not _similar(item, other):
                continue
            if other.cluster is None:
                other.cluster = new_cluster(other)
                self.clusters.setdefault(other.cluster, [other, 1])
            seed, size = self.clusters[other.cluster]
            if (
                size < MAX_SIZE
                and abs(item.at - seed.at) <= WINDOW
                and (seed is other or _similar(item, seed))
            ):
                item.cluster = other.cluster
                self.clusters[item.cluster][1] += 1
                break
        self.items.insert(position, item)
        self.times.insert(position, _time(item))
        return item.cluster


def _top_articles(complaints):
    return dict(
        Suggestion.objects.filter(
            complaint__in=complaints, rank=1, confident=True, rejected_at__isnull=True
        ).values_list("complaint_id", "article_id")
    )


def _item(complaint, tops):
    return Item(
        complaint.pk,
        complaint.created_at,
        complaint.language,
        complaint.text,
        tops.get(complaint.pk),
        complaint.cluster_id,
        meaning_of(complaint),
    )


def meaning_of(complaint):
    """The complaint's stored sentence vector as float32, or None."""
    if complaint.meaning is None:
        return None
    vector = np.frombuffer(bytes(complaint.meaning), dtype=np.float16).astype(np.float32)
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


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
    by_key = {c.pk: c for c in [*nearby, *complaints]}
    grouping = Grouping([_item(c, tops) for c in nearby], _known_clusters(nearby, tops))

    def new_cluster(seed):
        other = by_key[seed.key]
        cluster = Cluster.objects.create(
            label=" ".join(other.text.split())[:80],
            article_id=seed.article,
            created_at=other.created_at,
        )
        if not Complaint.objects.filter(pk=other.pk, cluster__isnull=True).update(cluster=cluster):
            cluster.delete()  # another process put it in a cluster meanwhile: join that one
            other.cluster_id = Complaint.objects.values_list("cluster_id", flat=True).get(
                pk=other.pk
            )
            return other.cluster_id
        other.cluster_id = cluster.pk
        return cluster.pk

    for complaint in complaints:
        cluster = grouping.add(_item(complaint, tops), new_cluster)
        if cluster is not None:
            complaint.cluster_id = cluster
            Complaint.objects.filter(pk=complaint.pk).update(cluster_id=cluster)


def _known_clusters(nearby, tops):
    """{cluster: [seed item, size]} for the clusters of the complaints `nearby`."""
    sizes = dict(
        Complaint.objects.filter(cluster_id__in={c.cluster_id for c in nearby} - {None})
        .values("cluster_id")
        .annotate(size=Count("pk"))
        .values_list("cluster_id", "size")
    )
    members = Complaint.objects.order_by("created_at", "pk")
    seeds = [members.filter(cluster_id=cluster).first() for cluster in sizes]
    seeds = [seed for seed in seeds if seed is not None]  # emptied meanwhile
    tops = {**_top_articles(seeds), **tops}
    return {seed.cluster_id: [_item(seed, tops), sizes[seed.cluster_id]] for seed in seeds}


def _time(item):
    return item.at


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
