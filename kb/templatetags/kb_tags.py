"""Template helpers for the help-center pages."""

from django import template
from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Locale, Page

from kb.models import HelpCenterPage

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """[(code, name, url, is_current)] for the language switcher.

    On a page, each language links to that page's translation when it exists, else to the
    home page of that language.
    """
    page = context.get("page")
    current = get_language()
    translations = {}
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live():
            translations[translation.locale.language_code] = translation.url
    links = []
    for code, name in settings.LANGUAGES:
        url = translations.get(code)
        if url is None:
            home = Page.objects.filter(
                depth=2, locale__in=Locale.objects.filter(language_code=code)
            )
            home = home.live().first()
            url = home.url if home else f"/{code}/"
        links.append((code, name, url, code == current))
    return links


@register.simple_tag(takes_context=True)
def help_center_home(context):
    """The live help-center home of the active language (for breadcrumbs and the header)."""
    return HelpCenterPage.objects.live().filter(locale=Locale.get_active()).first()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current query string (search words, filters…) with `page` set to `number`."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()
