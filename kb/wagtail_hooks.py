"""Admin additions for the knowledge base: a link to the moderators' content-gap report."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from kb import roles


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.is_moderator(request.user)


@hooks.register("register_reports_menu_item")
def register_content_gaps_menu_item():
    """Searches, forum questions and complaints without a good article, in one list."""
    return ModeratorMenuItem(
        _("Content gaps"), reverse("social:gaps"), icon_name="search", order=900
    )
