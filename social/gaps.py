"""Content gaps, one list for moderators: site searches without a good result, questions asked
in the forum after the Ask box's suggestions, and open complaints no article answers
confidently. Items are grouped by similar wording; a group becomes a draft article in one click
("write the article"), its phrasings as the article's symptoms."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from rapidfuzz import fuzz

from kb import search
from kb.forum.models import AskAttempt
from kb.models import ArticlePage
from social.matching import normalize
from social.models import Complaint, Suggestion

SIMILARITY = 75
LIMIT = 500
RECENT = timedelta(days=90)  # searches and questions older than this are not listed
EXAMPLES = 5
SEARCH, QUESTION, COMPLAINT = "search", "question", "complaint"


@dataclass
class GapItem:
    """One search (``count``: the visitors-and-days that typed it), question or complaint."""

    kind: str
    text: str
    language: str
    count: int
    last_seen: datetime
    url: str
    complaint_id: int | None = None


@dataclass
class Group:
    label: str
    key: str
    items: list[GapItem] = field(default_factory=list)
    cluster_id: int | None = None

    def count(self, kind=None):
        return sum(i.count for i in self.items if kind is None or i.kind == kind)

    @property
    def total(self):
        return self.count()

    @property
    def searches(self):
        return self.count(SEARCH)

    @property
    def questions(self):
        return self.count(QUESTION)

    @property
    def complaints(self):
        """The group's complaints (for the CM metrics)."""
        return [i for i in self.items if i.kind == COMPLAINT]

    @property
    def languages(self):
        return sorted({i.language for i in self.items})

    @property
    def last_seen(self):
        return max(i.last_seen for i in self.items)

    @property
    def top_search(self):
        """The group's most typed search (the words a synonym could add), or None."""
        searches = [i for i in self.items if i.kind == SEARCH]
        return max(searches, key=lambda i: (i.count, i.last_seen), default=None)

    @property
    def examples(self):
        return sorted(self.items, key=lambda i: (-i.count, i.text))[:EXAMPLES]


def gap_complaints():
    """Open, matched complaints without a confident unrejected suggestion, neither their own
    nor one of their group's: a group the CM answers with one article is not a gap."""
    confident = Suggestion.objects.filter(confident=True, rejected_at__isnull=True)
    return (
        Complaint.objects.filter(status=Complaint.Status.NEW, matched=True)
        .exclude(Exists(confident.filter(complaint=OuterRef("pk"))))
        .exclude(Exists(confident.filter(complaint__cluster=OuterRef("cluster"))))
        .order_by("-created_at")
    )


def search_items(since):
    for row in search.content_gaps(since=since)[:LIMIT]:
        url = f"/{row['language']}/search/?{urlencode({'q': row['query']})}"
        yield GapItem(SEARCH, row["query"], row["language"], row["times"], row["last_seen"], url)


def question_items(since):
    """Questions posted from the Ask page whose topic did not become an article."""
    attempts = (
        AskAttempt.objects.filter(
            topic__isnull=False, topic__is_public=True, topic__promoted_article__isnull=True
        )
        .filter(created__gte=since)
        .select_related("topic")
        .order_by("-created")
    )
    for attempt in attempts[:LIMIT]:
        topic = attempt.topic
        language = normalize(topic.title).lang
        url = topic.get_absolute_url()
        yield GapItem(QUESTION, topic.title, language, 1, attempt.created, url)


def complaint_items():
    for complaint in gap_complaints()[:LIMIT]:
        url = reverse("social:complaint", args=[complaint.pk])
        text, language, seen = complaint.text, complaint.language, complaint.created_at
        yield GapItem(COMPLAINT, text, language, 1, seen, url, complaint.pk), complaint.cluster_id


def groups(since=None, limit=LIMIT):
    """The gap groups, the most asked first (searches, questions and complaints together)."""
    since = since or timezone.now() - RECENT
    entries = [(item, None) for item in search_items(since)]
    entries += [(item, None) for item in question_items(since)]
    entries += list(complaint_items())
    found, by_cluster = [], {}
    for item, cluster_id in entries[: 3 * limit]:
        key = " ".join(sorted(set(normalize(item.text, lang=item.language).terms)))
        group = by_cluster.get(cluster_id) if cluster_id else None
        if group is None:
            group = next(
                (g for g in found if key and fuzz.token_set_ratio(key, g.key) >= SIMILARITY), None
            )
        if group is None:
            group = Group(label=" ".join(item.text.split())[:100], key=key)
            found.append(group)
        group.items.append(item)
        if cluster_id:
            by_cluster[cluster_id] = group
    found.sort(key=lambda g: (-g.total, -g.last_seen.timestamp()))
    return found


def suggested_category(group):
    """The category of the article closest to the group's label, in its main language."""
    language = max(group.languages, key=lambda code: sum(i.language == code for i in group.items))
    results = search.search(group.label, language, limit=1)
    found = results.hits[:1]
    if found and not results.fell_back:
        return found[0].category
    return None


def symptoms_from(texts):
    """The texts cleaned by the matcher's normaliser, one per line, no repeats."""
    lines = []
    for text, language in texts:
        cleaned = normalize(text, lang=language).text.strip()
        if cleaned and cleaned not in lines:
            lines.append(cleaned)
    return "\n".join(lines)


def write_article(texts, category, title, user):
    """A draft (not live) article in `category` with the (text, language) pairs as symptoms;
    its workflow is started if the category has one."""
    base = slugify(title)[:70] or "new-article"
    slug, n = base, 2
    while category.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    article = ArticlePage(
        title=title,
        slug=slug,
        summary=title,
        body=[],
        symptoms=symptoms_from(texts),
        live=False,
        owner=user,
        locale=category.locale,
    )
    category.add_child(instance=article)
    revision = article.save_revision(user=user)
    workflow = article.get_workflow()
    if workflow is not None:
        workflow.start(article, user)
    return ArticlePage.objects.get(pk=article.pk), revision


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A cell a spreadsheet will not run as a formula (OWASP: prefix a quote)."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_rows(found):
    yield ["label", "total", "searches", "questions", "complaints", "languages", "last_seen"]
    for group in found:
        row = [
            group.label,
            group.total,
            group.searches,
            group.questions,
            len(group.complaints),
            " ".join(group.languages),
            group.last_seen.isoformat(),
        ]
        yield [csv_cell(cell) for cell in row]
