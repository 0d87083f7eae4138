"""Small site-wide views."""

from django.http import HttpResponse
from django.shortcuts import render


def health(request):
    """A load balancer's health check: the app answers (no database); also the load test's
    ceiling, the cheapest request through the whole middleware stack."""
    return HttpResponse("ok", content_type="text/plain")


def rate_limited(request, exception):
    """Shown when a visitor does something too often (django-ratelimit's RATELIMIT_VIEW)."""
    return render(request, "429.html", status=429)
