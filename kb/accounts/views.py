"""Sign up and public profiles (log in, log out and password reset are Django's own views)."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from kb import roles
from kb.accounts.forms import SignupForm
from kb.accounts.profile import extra_sections
from kb.editing import edits, history
from kb.editing.models import Edit


@ratelimit(key="ip", rate="5/h", method="POST", block=True)
def signup(request):
    if request.user.is_authenticated:
        return redirect("/")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        user.groups.add(Group.objects.get(name=roles.CUSTOMERS))
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! You can now improve any article."))
        return redirect("/")
    return render(request, "accounts/signup.html", {"form": form})


def start(request):
    """Where a login without "next" lands: community managers in the social inbox, the others
    on the home page."""
    if request.user.groups.filter(name=roles.COMMUNITY_MANAGERS).exists():
        return redirect("social:inbox")
    return redirect("/")


def profile(request, username):
    owner = get_object_or_404(get_user_model(), username=username, is_active=True)
    user_edits = Paginator(
        Edit.objects.filter(author=owner).select_related(
            "page", "revision", "workflow_state__current_task_state"
        ),
        30,
    ).get_page(request.GET.get("page"))
    rows = [
        {
            "edit": edit,
            "state": history.revision_state(edit.revision, page=edit.page, edit=edit),
            "can_withdraw": edits.can_withdraw(edit, request.user),
        }
        for edit in user_edits
    ]
    context = {
        "owner": owner,
        "rows": rows,
        "edits": user_edits,
        "is_own_profile": request.user == owner,
        "sections": extra_sections(owner, request.user),
    }
    return render(request, "accounts/profile.html", context)
