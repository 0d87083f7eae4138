"""Anonymous visitors' pages from the "pages" cache, purged through the content change log.

A view opts in by passing its response to :func:`cacheable` (help-center pages, forum pages).
A response is stored only for a GET without a session or messages cookie, with status 200 and
no cookie of its own but the CSRF one; the CSRF token of its forms is stored as a placeholder
and each visitor gets their own when the page is served, so forms keep working. Logged-in
visitors (they have a session) always get a page rendered for them. Keys hold the version of
the change log's page and forum changes: a publish, an unpublish or a new forum post starts a
new generation in every process within a poll (at once in the process that made it), and the
old entries expire.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from kb import changes, read_counts

CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PLACEHOLDER = b"\x00csrf\x00"
ALLOWED_PARAMS = {"page", "filter"}  # other query strings (searches, junk) are not cached
_feed = changes.Feed(kinds=(changes.ContentChange.Kind.PAGE, changes.ContentChange.Kind.FORUM))


def _poll():
    _feed.poll()


changes.follow(_poll)


def version():
    """The version of the pages and forum as this process last heard of them."""
    return _feed.version()


def cacheable(response, read_page_id=None):
    """Mark ``response`` as the same for every anonymous visitor; ``read_page_id`` is counted
    as one read of that article each time the page is served."""
    response.page_cache = {"read_page_id": read_page_id}
    return response


def _key(request):
    raw = "|".join(
        [version(), translation.get_language() or "", request.get_host(), request.path]
        + [f"{k}={v}" for k, v in sorted(request.GET.items())]
    )
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _anonymous(request):
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _storable(request, response):
    if getattr(response, "page_cache", None) is None or request.method != "GET":
        return False
    if response.status_code != 200 or response.streaming:
        return False
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get(
        "Cache-Control", ""
    ):
        return False
    return not (set(response.cookies) - {settings.CSRF_COOKIE_NAME})


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous pages; after CsrfViewMiddleware and LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or not _anonymous(request)
            or not set(request.GET) <= ALLOWED_PARAMS
        ):
            return self.get_response(request)
        cache = caches["pages"]
        key = _key(request)
        entry = cache.get(key)
        if entry is not None:
            return self._serve(request, entry)
        response = self.get_response(request)
        if _storable(request, response):
            content = CSRF_INPUT.sub(rb"\1" + PLACEHOLDER + rb"\2", response.content)
            headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
            entry = (content, headers, response.page_cache["read_page_id"])
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        return response

    def _serve(self, request, entry):
        content, headers, read_page_id = entry
        if PLACEHOLDER in content:
            content = content.replace(PLACEHOLDER, get_token(request).encode())
        if read_page_id is not None:
            read_counts.record(read_page_id)
        response = HttpResponse(content, headers=headers)
        if request.method == "HEAD":
            response.content = b""
        return response
