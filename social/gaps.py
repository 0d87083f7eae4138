"""Content gaps: open complaints no article answers confidently, grouped by similar wording,
and the "write an article" action that turns a group into a draft article."""

from django.db.models import Exists, OuterRef
from django.utils.text import slugify
from rapidfuzz import fuzz

from kb.models import ArticlePage
from social.matching import normalize
from social.models import Complaint, Suggestion

SIMILARITY = 75
LIMIT = 500


def gap_complaints():
    """Open, matched complaints whose best unrejected suggestion is not confident (or none)."""
    confident = Suggestion.objects.filter(
        complaint=OuterRef("pk"), confident=True, rejected_at__isnull=True
    )
    return (
        Complaint.objects.filter(status=Complaint.Status.NEW, matched=True)
        .exclude(Exists(confident))
        .order_by("-created_at")
    )


def groups(limit=LIMIT):
    """[{"label", "complaints"}] of the newest gap complaints, biggest group first."""
    found = []  # [label, key, complaints]
    by_cluster = {}
    for complaint in gap_complaints()[:limit]:
        key = " ".join(sorted(set(normalize(complaint.text, lang=complaint.language).terms)))
        group = by_cluster.get(complaint.cluster_id) if complaint.cluster_id else None
        if group is None:
            group = next(
                (g for g in found if key and fuzz.token_set_ratio(key, g[1]) >= SIMILARITY), None
            )
        if group is None:
            group = [" ".join(complaint.text.split())[:100], key, []]
            found.append(group)
        group[2].append(complaint)
        if complaint.cluster_id:
            by_cluster[complaint.cluster_id] = group
    found.sort(key=lambda g: -len(g[2]))
    return [{"label": g[0], "complaints": g[2]} for g in found]


def symptoms_from(complaints):
    """The complaints' words, cleaned by the matcher's normaliser, one per line, no repeats."""
    lines = []
    for complaint in complaints:
        text = normalize(complaint.text, lang=complaint.language).text.strip()
        if text and text not in lines:
            lines.append(text)
    return "\n".join(lines)


def write_article(complaints, category, title, user):
    """A draft (not live) article in `category` with the complaints as symptoms; its
    workflow is started if the category has one."""
    base = slugify(title)[:70] or "new-article"
    slug, n = base, 2
    while category.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    article = ArticlePage(
        title=title,
        slug=slug,
        summary=title,
        body=[],
        symptoms=symptoms_from(complaints),
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
