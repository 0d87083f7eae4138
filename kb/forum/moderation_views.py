"""Moderators' pages: the queue, and one POST-only view per action (each logged)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kb.forum import deflection, moderation
from kb.forum.forms import BanForm, MergeForm, MoveForm, PromoteForm, ReasonForm
from kb.forum.models import ForumBan, ModerationLog, Post, Topic
from kb.forum.permissions import moderator_required
from kb.forum.promotion import promote_to_article


def invalid(form):
    errors = "; ".join(f"{field}: {' '.join(e)}" for field, e in form.errors.items())
    return HttpResponseBadRequest(_("Invalid request: %(errors)s") % {"errors": errors})


@moderator_required
def queue(request):
    return render(
        request,
        "forum/moderation.html",
        {
            "flagged": moderation.flag_queue(),
            "pending": moderation.approval_queue(),
            "stats": deflection.stats(),
            "bans": ForumBan.objects.active().select_related("user", "by"),
            "log": ModerationLog.objects.select_related("actor")[:50],
            "hide_form": ReasonForm(),
        },
    )


def post_action(action):
    """A moderator POST view on one post: `action(post, moderator, reason)`."""

    @moderator_required
    @require_POST
    def view(request, pk):
        post = get_object_or_404(Post.objects.select_related("topic"), pk=pk)
        form = ReasonForm(request.POST)
        if not form.is_valid():
            return invalid(form)
        action(post, request.user, form.cleaned_data["reason"])
        messages.success(request, _("Done."))
        if request.POST.get("next") == "queue":
            return redirect("forum:moderation")
        return redirect(post)

    return view


hide_post = post_action(moderation.hide_post)
unhide_post = post_action(moderation.unhide_post)
approve_post = post_action(lambda post, moderator, reason: moderation.approve_post(post, moderator))
dismiss_flags = post_action(moderation.dismiss_flags)


def topic_toggle(setter):
    """A moderator POST view that sets a topic's boolean (`value=1` on, else off)."""

    @moderator_required
    @require_POST
    def view(request, pk):
        topic = get_object_or_404(Topic, pk=pk)
        form = ReasonForm(request.POST)
        if not form.is_valid():
            return invalid(form)
        setter(topic, request.user, request.POST.get("value") == "1", form.cleaned_data["reason"])
        return redirect(topic)

    return view


lock_topic = topic_toggle(moderation.set_locked)
pin_topic = topic_toggle(moderation.set_pinned)


@moderator_required
@require_POST
def move_topic(request, pk):
    topic = get_object_or_404(Topic, pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return invalid(form)
    moderation.move_topic(
        topic, request.user, form.cleaned_data["section"], form.cleaned_data["reason"]
    )
    return redirect(topic)


@moderator_required
@require_POST
def merge_topic(request, pk):
    topic = get_object_or_404(Topic, pk=pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        return invalid(form)
    target = form.cleaned_data["target"]
    try:
        moderation.merge_topic(topic, target, request.user, form.cleaned_data["reason"])
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    messages.success(request, _("The topic was merged here."))
    return redirect(target)


@moderator_required
@require_POST
def ban_user(request, pk):
    user = get_object_or_404(get_user_model(), pk=pk)
    form = BanForm(request.POST)
    if not form.is_valid():
        return invalid(form)
    moderation.ban_user(user, request.user, form.cleaned_data["reason"], form.cleaned_data["days"])
    messages.success(request, _("%(user)s is banned from posting.") % {"user": user})
    return redirect("forum:moderation")


@moderator_required
@require_POST
def unban_user(request, pk):
    user = get_object_or_404(get_user_model(), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return invalid(form)
    moderation.lift_ban(user, request.user, form.cleaned_data["reason"])
    messages.success(request, _("%(user)s may post again.") % {"user": user})
    return redirect("forum:moderation")


@moderator_required
@require_POST
def promote(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("solution", "question"), pk=pk)
    form = PromoteForm(request.POST)
    if not form.is_valid():
        return invalid(form)
    try:
        article = promote_to_article(topic, form.cleaned_data["category"].specific, request.user)
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    messages.success(
        request,
        _("Draft article “%(title)s” created; it goes live once reviewed.")
        % {"title": article.title},
    )
    return redirect(topic)
