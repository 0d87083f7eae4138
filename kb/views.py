"""Small site-wide views."""

from django.shortcuts import render


def rate_limited(request, exception):
    """Shown when a visitor does something too often (django-ratelimit's RATELIMIT_VIEW)."""
    return render(request, "429.html", status=429)
