"""The public wiki: edit, suggest, history and diffs, the moderators' review queue, feedback."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit
from wagtail.models import Revision, WorkflowState

from kb import roles
from kb.editing import edits, feedback, follows, history, workflow
from kb.editing.forms import (
    EditArticleForm,
    FeedbackForm,
    ModerationForm,
    ReportForm,
    SuggestArticleForm,
)
from kb.editing.limits import check_edit_rate
from kb.editing.markdown_blocks import body_to_markdown
from kb.editing.models import Edit, EditReport
from kb.models import ArticlePage


def moderator_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not roles.is_moderator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _initial(page, revision):
    return {
        "title": page.title,
        "summary": page.summary,
        "body": body_to_markdown(page.body),
        "tags": ", ".join(tag.name for tag in page.tags.all()),
        "symptoms": page.symptoms,
        "base_revision_id": revision.pk,
    }


def _after_save(request, edit):
    page = ArticlePage.objects.get(pk=edit.page_id)  # edit.page predates the publication
    if page.live and page.live_revision_id == edit.revision_id:
        link = format_html('<a href="{}">{}</a>', page.url, page.title)
        messages.success(
            request, format_html(_("Your changes are published: {}. Thank you!"), link)
        )
        return redirect(page.url)
    messages.success(
        request, _("Thank you! A moderator will review your changes; follow them on your profile.")
    )
    return redirect("accounts:profile", username=request.user.get_username())


@login_required
def edit_article(request, page_id):
    page = get_object_or_404(ArticlePage.objects.live(), pk=page_id)
    if request.method == "POST":
        check_edit_rate(request)
        form = EditArticleForm(request.POST)
        if form.is_valid():
            try:
                edit = edits.submit_edit(
                    page, request.user, form.changes(), form.cleaned_data["base_revision_id"]
                )
            except edits.EditConflict as conflict:
                return _conflict(request, page, form, conflict.current_revision)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                check_edit_rate(request, count=True)
                return _after_save(request, edit)
    else:
        base = edits.current_revision(page)
        form = EditArticleForm(initial=_initial(base.as_object(), base))
    return render(
        request,
        "editing/edit_form.html",
        {
            "page": page,
            "form": form,
            "pending": workflow.pending_state(page),
            "publishes_at_once": roles.is_trusted_editor(request.user),
        },
    )


def _conflict(request, page, form, current):
    """Both versions and their diff; the form now builds on the current revision."""
    data = request.POST.copy()
    data["base_revision_id"] = current.pk
    theirs = edits.apply_changes(current.as_object(), form.changes())
    other_text = history.revision_text(current)
    context = {
        "page": page,
        "form": EditArticleForm(data),
        "other_revision": current,
        "other_text": other_text,
        "diff": history.diff_lines(other_text, history.page_text(theirs)),
    }
    return render(request, "editing/conflict.html", context, status=409)


@login_required
def suggest_article(request):
    language = get_language()
    if request.method == "POST":
        check_edit_rate(request)
        form = SuggestArticleForm(request.POST, language=language)
        if form.is_valid():
            try:
                edit = edits.suggest_article(
                    form.cleaned_data["category"].specific, request.user, form.changes()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                check_edit_rate(request, count=True)
                return _after_save(request, edit)
    else:
        form = SuggestArticleForm(
            initial={"category": request.GET.get("category")}, language=language
        )
    return render(
        request,
        "editing/suggest_form.html",
        {"form": form, "publishes_at_once": roles.is_trusted_editor(request.user)},
    )


def article_history(request, page_id):
    page = get_object_or_404(ArticlePage.objects.live(), pk=page_id)
    revisions = Paginator(
        page.revisions.select_related("user").order_by("-created_at", "-id"), 50
    ).get_page(request.GET.get("page"))
    edits_by_revision = {
        edit.revision_id: edit
        for edit in Edit.objects.filter(revision__in=revisions.object_list).select_related(
            "workflow_state__current_task_state"
        )
    }
    rows = []
    for revision in revisions:
        edit = edits_by_revision.get(revision.pk)
        rows.append(
            {
                "revision": revision,
                "edit": edit,
                "state": history.revision_state(revision, page=page, edit=edit),
            }
        )
    return render(
        request,
        "editing/history.html",
        {"page": page, "rows": rows, "revisions": revisions},
    )


def _page_revision(page, revision_id):
    try:
        return page.revisions.get(pk=int(revision_id))
    except (Revision.DoesNotExist, TypeError, ValueError) as error:
        raise Http404 from error


def revision_diff(request, page_id):
    page = get_object_or_404(ArticlePage.objects.live(), pk=page_id)
    new = _page_revision(page, request.GET.get("to"))
    if request.GET.get("from"):
        old = _page_revision(page, request.GET["from"])
    else:
        old = (
            page.revisions.filter(created_at__lte=new.created_at, pk__lt=new.pk)
            .order_by("-created_at", "-id")
            .first()
        )
    old_text = history.revision_text(old) if old else ""
    context = {
        "page": page,
        "old": old,
        "new": new,
        "diff": history.diff_lines(old_text, history.revision_text(new)),
    }
    return render(request, "editing/diff.html", context)


@require_POST
@moderator_required
def roll_back(request, page_id, revision_id):
    page = get_object_or_404(ArticlePage.objects.live(), pk=page_id)
    revision = _page_revision(page, revision_id)
    edits.roll_back(page.specific, revision, request.user)
    messages.success(request, _("The article is back to revision %(id)s.") % {"id": revision.pk})
    return redirect("editing:history", page_id=page.pk)


@login_required
@ratelimit(key="user", rate="10/h", method="POST", block=True)
def report_revision(request, revision_id):
    revision = get_object_or_404(Revision.page_revisions, pk=revision_id)
    page = get_object_or_404(ArticlePage.objects.live(), pk=revision.object_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        EditReport.objects.get_or_create(
            revision=revision,
            reporter=request.user,
            defaults={"reason": form.cleaned_data["reason"]},
        )
        messages.success(request, _("Thank you, moderators will look at this edit."))
        return redirect("editing:history", page_id=page.pk)
    return render(
        request, "editing/report_form.html", {"page": page, "revision": revision, "form": form}
    )


@require_POST
@login_required
def withdraw_edit(request, edit_id):
    edit = get_object_or_404(Edit, pk=edit_id)
    edits.withdraw(edit, request.user)
    messages.success(request, _("Your edit was withdrawn."))
    return redirect("accounts:profile", username=request.user.get_username())


@moderator_required
def review_queue(request):
    states = (
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            content_type__model="articlepage",
            content_type__app_label="kb",
        )
        .select_related("requested_by", "current_task_state")
        .order_by("created_at")
    )
    pages = {
        str(page.pk): page
        for page in ArticlePage.objects.filter(pk__in=[s.object_id for s in states])
    }
    pending = [
        {"state": state, "page": pages[state.object_id], "edits": state.public_edits.all()}
        for state in states
        if state.object_id in pages
    ]
    reports = EditReport.objects.filter(resolved=False).select_related("revision", "reporter")
    return render(
        request,
        "editing/review_queue.html",
        {"pending": pending, "reports": reports, "least_helpful": feedback.least_helpful(10)},
    )


@moderator_required
def review_page(request, page_id):
    page = get_object_or_404(ArticlePage, pk=page_id)
    state = workflow.pending_state(page)
    if state is None:
        messages.info(request, _("Nothing waits for review on this article."))
        return redirect("editing:review_queue")
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workflow.moderate(
            page, request.user, form.cleaned_data["action"], form.cleaned_data["comment"]
        )
        if form.cleaned_data["action"] == "approve":
            messages.success(request, _("Approved and published."))
        else:
            messages.success(request, _("Changes requested; the author will see your comment."))
        return redirect("editing:review_queue")
    latest = page.get_latest_revision()
    live_text = history.revision_text(page.live_revision) if page.live_revision else ""
    context = {
        "page": page,
        "state": state,
        "edits": state.public_edits.select_related("author"),
        "latest": latest,
        "diff": history.diff_lines(live_text, history.revision_text(latest)),
        "form": form,
    }
    return render(request, "editing/review_page.html", context)


@require_POST
@moderator_required
def resolve_report(request, report_id):
    report = get_object_or_404(EditReport, pk=report_id, resolved=False)
    report.resolved, report.resolved_by = True, request.user
    report.save(update_fields=["resolved", "resolved_by"])
    messages.success(request, _("Report closed."))
    return redirect("editing:review_queue")


@moderator_required
def least_helpful(request):
    return render(request, "editing/least_helpful.html", {"articles": feedback.least_helpful(50)})


@require_POST
@ratelimit(key="ip", rate="30/h", method="POST", block=True)
def article_feedback(request, page_id):
    page = get_object_or_404(ArticlePage.objects.live(), pk=page_id)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose yes or no."))
    elif feedback.record(request, page, **form.cleaned_data):
        messages.success(request, _("Thank you for your feedback!"))
    else:
        messages.info(request, _("You already told us about this article."))
    return redirect(page.url + "#feedback")


@require_POST
@login_required
def follow_article(request, page_id):
    page = get_object_or_404(ArticlePage.objects.live(), pk=page_id)
    if request.POST.get("follow") == "1":
        follows.follow(request.user, page)
        messages.success(request, _("You will get an e-mail when this article changes."))
    else:
        follows.unfollow(request.user, page)
        messages.success(request, _("You no longer follow this article."))
    return redirect(page.url)
