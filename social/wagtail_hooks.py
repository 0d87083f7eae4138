"""Admin screens for moderators: reply templates, blocked accounts and learned phrasings as
snippets, and a menu link to the social inbox. Guardrails are a site setting (Settings →
Guardrails)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from social.models import ArticleAlias, BlockedAccount, ReplyTemplate


class ReplyTemplateViewSet(SnippetViewSet):
    model = ReplyTemplate
    icon = "comment"
    menu_label = _("Reply templates")
    list_display = ["language", "greeting", "answer"]


class BlockedAccountViewSet(SnippetViewSet):
    model = BlockedAccount
    icon = "cross"
    menu_label = _("Blocked accounts")
    list_display = ["handle", "network"]
    list_filter = ["network"]
    search_fields = ["handle"]


class ArticleAliasViewSet(SnippetViewSet):
    """The phrasings the matcher learned from CMs' answers: a wrong one is removed here."""

    model = ArticleAlias
    icon = "search"
    menu_label = _("Learned phrasings")
    list_display = ["text", "article", "created_at"]
    search_fields = ["text"]
    add_to_admin_menu = False


class SocialViewSetGroup(SnippetViewSetGroup):
    items = (ReplyTemplateViewSet, BlockedAccountViewSet, ArticleAliasViewSet)
    menu_icon = "comment"
    menu_label = _("Social")
    menu_name = "social"


register_snippet(SocialViewSetGroup)


@hooks.register("register_admin_menu_item")
def social_inbox_menu_item():
    return MenuItem(_("Social inbox"), reverse("social:inbox"), icon_name="mail", order=250)
