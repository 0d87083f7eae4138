"""Moderators edit the list of forum sections in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from kb.forum.models import ForumSection


class ForumSectionViewSet(SnippetViewSet):
    model = ForumSection
    icon = "list-ul"
    menu_label = _("Forum sections")
    add_to_admin_menu = True
    list_display = ["name", "slug", "order"]
    ordering = ["order", "name"]


register_snippet(ForumSectionViewSet)
