"""Sign-in lockout (django-axes): too many failures for one account or from one address."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


class LoginAttemptsBackend(AxesStandaloneBackend):
    """Axes' lockout check, for sign-ins from a request (the login pages, the admin's).

    A sign-in without a request (a script, the test client's login()) has no address to count
    and is left to the next backend instead of being refused.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def locked_out(request, response=None, credentials=None):
    """The page shown while sign-in is paused: the same whether or not the account exists."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
