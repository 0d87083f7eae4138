"""How often people may edit: new accounts less than established ones (django-ratelimit)."""

from datetime import timedelta

from django.utils import timezone
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited
from wagtail.models import PageLogEntry

NEW_ACCOUNT_AGE = timedelta(days=7)
NEW_ACCOUNT_RATE = "5/h"
ESTABLISHED_RATE = "30/h"


def is_new_account(user):
    """Younger than a week, or nothing they wrote was ever published."""
    if timezone.now() - user.date_joined < NEW_ACCOUNT_AGE:
        return True
    return not PageLogEntry.objects.filter(action="wagtail.publish", revision__user=user).exists()


def edit_rate(group, request):
    return NEW_ACCOUNT_RATE if is_new_account(request.user) else ESTABLISHED_RATE


def check_edit_rate(request, count=False):
    """Raise Ratelimited (shown as a 429 page) when the user has saved too many edits this hour.

    Only saved edits count (`count=True` after a save), so a failed validation costs nothing.
    """
    usage = get_usage(
        request, group="editing.save", key="user", rate=edit_rate, method="POST", increment=count
    )
    if not count and usage is not None and usage["count"] >= usage["limit"]:
        raise Ratelimited()
