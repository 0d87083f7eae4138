"""Friendly "not found" and "something went wrong" pages, also with DEBUG on (the demo).

Without DEBUG, Django renders templates/404.html and 500.html itself. With DEBUG, it shows its
technical pages instead (every URL pattern, the settings); FRIENDLY_ERROR_PAGES=1 makes the
demo show the visitor's pages while the traceback still goes to the log.
"""

import logging

from django.conf import settings
from django.http import Http404
from django.views.defaults import page_not_found, server_error

logger = logging.getLogger("django.request")


class FriendlyErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (settings.DEBUG and settings.FRIENDLY_ERROR_PAGES):
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        logger.error("Error on %s", request.path, exc_info=exception)
        return server_error(request)
