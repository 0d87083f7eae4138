"""View decorators: members who may post, and moderators."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from kb.forum import rules
from kb.roles import is_moderator


def member_required(view):
    """Anonymous visitors log in first; banned or inactive members get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not rules.can_post(request.user):
            ban = rules.active_ban(request.user)
            return render(request, "forum/banned.html", {"ban": ban}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def moderator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_moderator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
