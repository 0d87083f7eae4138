"""Site-wide middleware."""

import time

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.http.request import split_domain_port
from django.middleware import locale
from django.urls import LocalePrefixPattern, get_resolver
from wagtail.models import Site


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


SITE_SECONDS = 60
_sites = {}  # (hostname, port): (when looked up, Site or None)


class SiteMiddleware:
    """Looks the request's Wagtail site up once per host and port for SITE_SECONDS, not with a
    query on every request (each page URL asks for it). Saving or deleting a site forgets them
    in this process at once; other processes see the change within SITE_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = (split_domain_port(request._get_raw_host())[0], request.get_port())
        found = _sites.get(key)
        if found is None or time.monotonic() - found[0] > SITE_SECONDS:
            if len(_sites) > 100:  # hosts are checked (ALLOWED_HOSTS) before this runs
                _sites.clear()
            found = _sites[key] = (time.monotonic(), Site.find_for_request(request))
        request._wagtail_site = found[1]
        return self.get_response(request)


@receiver([post_save, post_delete], sender=Site)
def _forget_sites(**kwargs):
    _sites.clear()
