"""The moderators' and CMs' readouts: metrics and content gaps (with "write an article")."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin.admin_url_finder import AdminURLFinder

from kb.models import CategoryPage
from kb.roles import is_moderator
from social import gaps, metrics
from social.models import Complaint
from social.views import cm_required


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
    return render(
        request,
        "social/gaps.html",
        {
            "groups": gaps.groups()[:50],
            "categories": CategoryPage.objects.live().select_related("locale").order_by("title"),
            "can_write": is_moderator(request.user),
        },
    )


@cm_required
@require_POST
def write_article(request):
    """Moderators only: a draft article from a group of gap complaints."""
    if not is_moderator(request.user):
        raise PermissionDenied
    ids = [int(i) for i in request.POST.getlist("complaint") if i.isdigit()]
    complaints = list(Complaint.objects.filter(pk__in=ids))
    category = CategoryPage.objects.filter(pk=request.POST.get("category") or 0).first()
    title = request.POST.get("title", "").strip()[:200]
    if not complaints or category is None or not title:
        messages.error(request, _("Choose a category and a title."))
        return redirect("social:gaps")
    article, _revision = gaps.write_article(complaints, category, title, request.user)
    messages.success(request, _("Draft article created: “%(title)s”.") % {"title": article.title})
    edit_url = AdminURLFinder(request.user).get_edit_url(article)
    return redirect(edit_url or "social:gaps")
