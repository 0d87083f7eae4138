"""Site search over the live articles of the current language, and its analytics.

Every search is logged with its result count; the queries that found nothing are the
knowledge base's content gaps (see the "Search gaps" report in the admin).
"""

from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from wagtail.models import Locale

from kb.models import ArticlePage, SearchQuery

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def clean_query(raw):
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def live_articles():
    """The live articles of the active language."""
    return ArticlePage.objects.live().filter(locale=Locale.get_active())


def search_articles(query):
    return live_articles().search(query) if query else ArticlePage.objects.none()


def log_query(query, result_count):
    return SearchQuery.objects.create(
        query=query, language=get_language() or "en", result_count=result_count
    )


def content_gaps(since=None):
    """Queries that found nothing, most frequent first."""
    queries = SearchQuery.objects.filter(result_count=0)
    if since is not None:
        queries = queries.filter(created_at__gte=since)
    return (
        queries.values("query", "language")
        .annotate(times=Count("id"), last_seen=Max("created_at"))
        .order_by("-times", "-last_seen")
    )


def search_view(request):
    query = clean_query(request.GET.get("q"))
    page_number = request.GET.get("page") or "1"
    paginator = Paginator(search_articles(query), RESULTS_PER_PAGE)
    results = paginator.get_page(page_number)
    if query and page_number == "1":
        log_query(query, paginator.count)
    return render(
        request,
        "kb/search.html",
        {"query": query, "results": results, "result_count": paginator.count if query else 0},
    )


def autocomplete_view(request):
    """Titles that start with what the visitor is typing (JSON, for the search box)."""
    query = clean_query(request.GET.get("q"))
    if len(query) < 2:
        return JsonResponse({"results": []})
    pages = live_articles().autocomplete(query)[:8]
    return JsonResponse(
        {"results": [{"title": p.title, "url": p.url, "summary": p.summary} for p in pages]}
    )
