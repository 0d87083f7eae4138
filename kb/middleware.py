"""Site-wide middleware."""

from django.http import Http404
from django.middleware import locale
from django.urls import LocalePrefixPattern, get_resolver


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except that a 404 under a section without a language prefix stays a 404.

    Django redirects a 404 to the language-prefixed path when that path resolves, and Wagtail's
    catch-all page route resolves every path: /forum/nope/ would go to /en/forum/nope/, a 404.
    """

    def process_response(self, request, response):
        sections = _unprefixed_sections(getattr(request, "urlconf", None))
        if response.status_code == 404 and request.path_info.lstrip("/").startswith(sections):
            return response
        return super().process_response(request, response)


def _unprefixed_sections(urlconf):
    """The path prefixes of the URL patterns outside i18n_patterns ("forum/", "wiki/"…)."""
    return tuple(
        str(pattern.pattern)
        for pattern in get_resolver(urlconf).url_patterns
        if not isinstance(pattern.pattern, LocalePrefixPattern) and str(pattern.pattern)
    )


class NulPathMiddleware:
    """A path with a NUL byte names nothing here: 404 (PostgreSQL refuses NUL in a query)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        return self.get_response(request)
