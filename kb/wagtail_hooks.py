"""Admin additions for the knowledge base: a link to the moderators' content-gap report, and
the search synonyms they keep."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from kb import roles
from kb.models import SearchSynonym


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.is_moderator(request.user)


@hooks.register("register_reports_menu_item")
def register_content_gaps_menu_item():
    """Searches, forum questions and complaints without a good article, in one list."""
    return ModeratorMenuItem(
        _("Content gaps"), reverse("social:gaps"), icon_name="search", order=900
    )


class SearchSynonymCreateView(CreateView):
    """The add form, filled in from the content-gap report's link (``?language=&phrase=``)."""

    def get_initial(self):
        initial = super().get_initial()
        language = self.request.GET.get("language")
        if language in dict(settings.LANGUAGES):
            initial["language"] = language
        phrase = " ".join(self.request.GET.get("phrase", "").replace("\x00", "").split())
        if phrase:
            initial["phrases"] = phrase[: SearchSynonym.MAX_PHRASE_CHARS]
        return initial


class SearchSynonymViewSet(SnippetViewSet):
    """Words that mean the same here ("receipt" for "invoice"): site search, the CM's
    suggestions and forum search also try them."""

    model = SearchSynonym
    add_view_class = SearchSynonymCreateView
    icon = "search"
    menu_label = _("Search synonyms")
    menu_order = 910
    add_to_admin_menu = True
    list_display = ["phrases", "language", "updated_at"]
    list_filter = ["language"]
    search_fields = ["phrases"]


register_snippet(SearchSynonymViewSet)
