"""Admin additions for the knowledge base: the search-gaps report for moderators."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.reports import ReportView

from kb import roles
from kb.search import content_gaps

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value):
    """The text of a CSV cell, quoted with ' when a spreadsheet would run it as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SearchGapsReport(ReportView):
    """Site searches that found nothing, most frequent first: articles to write."""

    page_title = _("Search gaps")
    header_icon = "search"
    index_url_name = "kb_search_gaps"
    index_results_url_name = "kb_search_gaps_results"
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    columns = [
        Column("query", label=_("Query")),
        Column("language", label=_("Language")),
        Column("times", label=_("Searches")),
        DateColumn("last_seen", label=_("Last searched")),
    ]
    list_export = ["query", "language", "times", "last_seen"]
    custom_field_preprocess = {
        "query": {SpreadsheetExportMixin.FORMAT_CSV: inert_cell},
        "language": {SpreadsheetExportMixin.FORMAT_CSV: inert_cell},
    }

    def dispatch(self, request, *args, **kwargs):
        if not roles.is_moderator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return content_gaps()


@hooks.register("register_admin_urls")
def register_search_gaps_urls():
    return [
        path("reports/search-gaps/", SearchGapsReport.as_view(), name="kb_search_gaps"),
        path(
            "reports/search-gaps/results/",
            SearchGapsReport.as_view(results_only=True),
            name="kb_search_gaps_results",
        ),
    ]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.is_moderator(request.user)


@hooks.register("register_reports_menu_item")
def register_search_gaps_menu_item():
    return ModeratorMenuItem(
        _("Search gaps"), reverse("kb_search_gaps"), icon_name="search", order=900
    )
