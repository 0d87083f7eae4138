"""The moderators' and CMs' readouts: metrics and content gaps (with "write the article")."""

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin.admin_url_finder import AdminURLFinder

from kb.models import CategoryPage
from kb.roles import is_moderator
from social import gaps, metrics
from social.models import Complaint
from social.views import cm_required

SYNONYM_ADD = "wagtailsnippets_kb_searchsynonym:add"


@cm_required
@require_GET
def metrics_view(request):
    return render(
        request,
        "social/metrics.html",
        {
            "times": metrics.response_times(),
            "articles": metrics.articles_helping()[:20],
            "acceptance": metrics.acceptance_rate(),
            "gaps": metrics.content_gaps(),
            "open": metrics.open_complaints(),
        },
    )


@cm_required
@require_GET
def gaps_view(request):
    """One list of content gaps (searches, Ask questions, complaints); ``?export=csv``."""
    found = gaps.groups()
    if request.GET.get("export") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="content-gaps.csv"'
        csv.writer(response).writerows(gaps.csv_rows(found))
        return response
    can_write = is_moderator(request.user)
    can_add_synonyms = request.user.has_perm("kb.add_searchsynonym")
    shown = found[:50]
    for group in shown:
        group.category = gaps.suggested_category(group) if can_write else None
        search = group.top_search if can_add_synonyms else None
        if search is not None:
            query = {"language": search.language, "phrase": search.text}
            group.synonym_link = f"{reverse(SYNONYM_ADD)}?{urlencode(query)}"
    return render(
        request,
        "social/gaps.html",
        {
            "groups": shown,
            "categories": CategoryPage.objects.live().select_related("locale").order_by("title"),
            "can_write": can_write,
        },
    )


@cm_required
@require_POST
def write_article(request):
    """Moderators only: a draft article from a group of gaps (its complaints and phrasings)."""
    if not is_moderator(request.user):
        raise PermissionDenied
    ids = [int(i) for i in request.POST.getlist("complaint") if i.isdigit()]
    category = CategoryPage.objects.filter(pk=request.POST.get("category") or 0).first()
    title = request.POST.get("title", "").strip()[:200]
    texts = [(c.text, c.language) for c in Complaint.objects.filter(pk__in=ids)]
    if category is not None:
        language = category.locale.language_code
        texts += [(p[:500], language) for p in request.POST.getlist("phrase") if p.strip()]
    if not texts or category is None or not title:
        messages.error(request, _("Choose a category and a title."))
        return redirect("social:gaps")
    article, _revision = gaps.write_article(texts, category, title, request.user)
    messages.success(request, _("Draft article created: “%(title)s”.") % {"title": article.title})
    edit_url = AdminURLFinder(request.user).get_edit_url(article)
    return redirect(edit_url or "social:gaps")
