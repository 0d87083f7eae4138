"""The visitor's language on the pages without a language prefix (forum, wiki, inbox, accounts).

The knowledge base lives under /en/ and /fr/. Every other page follows the language the visitor
last read the help center in: visiting a prefixed page remembers its language in Django's
language cookie, which LocaleMiddleware reads on the unprefixed pages (then Accept-Language).
`?lang=fr` on an unprefixed page switches it and comes back to the same address without it.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def remember(response, code):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def switch_url(request, code):
    """This page's address in language `code` (not for Wagtail pages: see kb_tags)."""
    path_code = get_language_from_path(request.path_info)
    if path_code:
        return translate_url(request.get_full_path(), code)
    query = request.GET.copy()
    query["lang"] = code
    return f"{request.path}?{query.urlencode()}"


class LanguageMiddleware:
    """Remembers the language of prefixed pages; applies `?lang=` on the others."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path_code = get_language_from_path(request.path_info)
        chosen = request.GET.get("lang")
        if path_code is None and chosen in LANGUAGE_CODES and request.method in ("GET", "HEAD"):
            query = request.GET.copy()
            del query["lang"]
            target = request.path + (f"?{query.urlencode()}" if query else "")
            response = HttpResponseRedirect(target)
            remember(response, chosen)
            return response
        response = self.get_response(request)
        if path_code is None:
            patch_vary_headers(response, ["Cookie"])
        elif request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != path_code:
            remember(response, path_code)
        return response
