"""Template helpers for the help-center pages."""

from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_from_path
from wagtail.models import Locale, Page

from kb import page_cache
from kb.languages import switch_url
from kb.models import HelpCenterPage

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """[(code, name, url, is_current)] for the language switcher: this page in each language.

    A help-center page links to its translation (else to that language's home); any other
    page links to its own address in that language (kb.languages.switch_url).
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    serving_page = (
        isinstance(page, Page)
        and request is not None
        and get_language_from_path(request.path_info) is not None
    )
    translations = {}
    if serving_page:
        for translation in page.get_translations(inclusive=True).live():
            translations[translation.locale.language_code] = translation.url
    links = []
    for code, name in settings.LANGUAGES:
        if request is not None and not serving_page:
            url = switch_url(request, code)
        else:
            url = translations.get(code) or _home_url(code)
        links.append((code, name, url, code == current))
    return links


def _home_url(code):
    home = HelpCenterPage.objects.live().filter(locale__language_code=code).first()
    return home.url if home else f"/{code}/"


_homes = {}  # (pages' version, language): that language's home, looked up once


@register.simple_tag(takes_context=True)
def help_center_home(context):
    """The live help-center home of the active language (for breadcrumbs and the header on
    every page), looked up again only when pages change."""
    key = (page_cache.version(), get_language())
    if key not in _homes:
        if len(_homes) > 2 * len(settings.LANGUAGES):
            _homes.clear()  # older versions
        _homes[key] = HelpCenterPage.objects.live().filter(locale=Locale.get_active()).first()
    return _homes[key]


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current query string (search words, filters…) with `page` set to `number`."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()
