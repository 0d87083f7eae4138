"""The CM inbox: the queue, one complaint with its suggestions and draft, and the actions.

Every view requires a community manager (or moderator); anonymous users are sent to log in,
others get 403. The logic lives in `social.sending`, `social.suggestions` and friends."""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kb.models import ArticlePage
from kb.roles import is_community_manager
from social import article_index, sending, suggestions
from social.metrics import SLA
from social.models import NETWORKS, Cluster, Complaint, Reply, Suggestion
from social.networks import LIMITS, intent_url, reply_length, reply_text

PAGE_SIZE = 50


def cm_required(view):
    """Community managers and moderators only: login first, then 403 for anyone else."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_community_manager(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def queue(params, user):
    """Complaints filtered by the inbox's query parameters, longest waiting first."""
    complaints = Complaint.objects.select_related("assigned_to", "cluster")
    status = params.get("status", Complaint.Status.NEW)
    if status in Complaint.Status.values:
        complaints = complaints.filter(status=status)
    for field in ("network", "language"):
        if params.get(field):
            complaints = complaints.filter(**{field: params[field]})
    if params.get("cluster", "").isdigit():
        complaints = complaints.filter(cluster_id=int(params["cluster"]))
    if params.get("mine"):
        complaints = complaints.filter(assigned_to=user)
    if status == Complaint.Status.NEW:
        return complaints.order_by("created_at", "pk")
    return complaints.order_by("-created_at", "-pk")


@cm_required
@require_GET
def inbox(request):
    page = Paginator(queue(request.GET, request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for complaint in page:
        complaint.waiting = now - complaint.created_at
        complaint.overdue = complaint.first_response_at is None and complaint.waiting > SLA
    return render(
        request,
        "social/inbox.html",
        {
            "page_obj": page,
            "filters": request.GET,
            "networks": NETWORKS,
            "statuses": Complaint.Status.choices,
            "languages": [("en", "English"), ("fr", "Français")],
            "query": request.GET.urlencode(),
        },
    )


def _conversation(complaint):
    if not complaint.conversation_id:
        return []
    return (
        Complaint.objects.filter(
            Q(conversation_id=complaint.conversation_id) | Q(external_id=complaint.conversation_id),
            network=complaint.network,
        )
        .exclude(pk=complaint.pk)
        .order_by("created_at")[:20]
    )


@cm_required
@require_GET
def complaint_detail(request, pk):
    complaint = get_object_or_404(Complaint.objects.select_related("cluster"), pk=pk)
    reply = sending.live_reply(complaint)
    top = complaint.top_suggestion()
    if reply is None and complaint.status == Complaint.Status.NEW and top is not None:
        reply = sending.unsaved_draft(complaint, request.user, top.article)  # saved on POST
    failed = complaint.replies.filter(state=Reply.State.FAILED).order_by("-pk").first()
    cluster_open = (
        complaint.cluster.complaints.filter(status=Complaint.Status.NEW).count()
        if complaint.cluster
        else 0
    )
    intent = None
    if reply is not None and reply.state == Reply.State.SENDING and reply.backend == "web_intent":
        intent = intent_url(reply.text, complaint.as_incoming())
    return render(
        request,
        "social/complaint.html",
        {
            "complaint": complaint,
            "reply": reply,
            "failed": failed,
            "intent_url": intent,
            "unknown": reply is not None and sending.is_unknown(reply),
            "stuck": reply is not None and sending.is_stuck(reply),
            "preview": reply_text(reply.text, complaint.as_incoming()) if reply else "",
            "mention": "@" + complaint.author_handle if complaint.network == "mastodon" else "",
            "suggestions": complaint.suggestions.select_related("article", "rejected_by"),
            "conversation": _conversation(complaint),
            "cluster_open": cluster_open,
            "limit": LIMITS.get(complaint.network, 280),
            "length": reply_length(reply.text, complaint.network) if reply else 0,
            "needs_approval": reply is not None
            and sending.needs_second_approval(reply.author)
            and reply.author == request.user,
        },
    )


def _article(request):
    value = request.POST.get("article", "")
    if not value.isdigit():
        return None
    return ArticlePage.objects.live().filter(pk=int(value)).first()


def _back(complaint):
    return redirect("social:complaint", pk=complaint.pk)


@cm_required
@require_POST
def assign(request, pk):
    complaint = get_object_or_404(Complaint, pk=pk)
    complaint.assigned_to = None if request.POST.get("unassign") else request.user
    complaint.save(update_fields=["assigned_to"])
    return _back(complaint)


@cm_required
@require_POST
def save_reply(request, pk):
    """The draft form: save, approve or send (the text as edited by the CM)."""
    complaint = get_object_or_404(Complaint, pk=pk)
    action = request.POST.get("action", "save")
    text = request.POST.get("text", "").strip()
    current = sending.live_reply(complaint)
    kind = current.kind if current else Reply.Kind.ANSWER
    try:
        if current is None or current.state in sending.EDITABLE:
            current = sending.save_draft(
                complaint,
                request.user,
                text=text,
                article=_article(request),
                kind=kind,
                token=request.POST.get("token", "")[:20],
            )
        if action == "approve":
            sending.approve(current, request.user)
            messages.success(request, _("Reply approved."))
        elif action == "send":
            sending.send(current, request.user)
            messages.success(request, _("Reply sent."))
        else:
            messages.success(request, _("Draft saved."))
    except sending.SendingError as error:
        messages.error(request, str(error))
    return _back(complaint)


@cm_required
@require_POST
def retry(request, pk):
    """Send again a failed reply, or a stuck one whose network can be asked first."""
    complaint = get_object_or_404(Complaint, pk=pk)
    failed = sending.live_reply(complaint)
    if failed is None or not sending.is_stuck(failed):
        failed = complaint.replies.filter(state=Reply.State.FAILED).order_by("-pk").first()
    try:
        if failed is None:
            raise sending.SendingError(_("Nothing to retry."))
        sending.send(failed, request.user)
        messages.success(request, _("Reply sent."))
    except sending.SendingError as error:
        messages.error(request, str(error))
    return _back(complaint)


@cm_required
@require_POST
def confirm_posted(request, pk):
    """A web-intent reply the CM posted from the browser."""
    complaint = get_object_or_404(Complaint, pk=pk)
    reply = sending.live_reply(complaint)
    try:
        if reply is None:
            raise sending.SendingError(_("Nothing to confirm."))
        sending.confirm_posted(reply, request.user)
        messages.success(request, _("Reply recorded as sent."))
    except sending.SendingError as error:
        messages.error(request, str(error))
    return _back(complaint)


@cm_required
@require_POST
def mark_failed(request, pk):
    """The CM checked on the network: the reply of unknown fate was not posted."""
    complaint = get_object_or_404(Complaint, pk=pk)
    reply = sending.live_reply(complaint)
    try:
        if reply is None:
            raise sending.SendingError(_("Nothing to mark."))
        sending.mark_failed(reply, request.user)
        messages.success(request, _("Reply recorded as not posted: you can send it again."))
    except sending.SendingError as error:
        messages.error(request, str(error))
    return _back(complaint)


@cm_required
@require_POST
def use_article(request, pk):
    """Draft the answer again with the chosen article (a suggestion or a searched one)."""
    complaint = get_object_or_404(Complaint, pk=pk)
    article = _article(request)
    if article is None:
        messages.error(request, _("Choose a published article."))
        return _back(complaint)
    try:
        sending.save_draft(complaint, request.user, article=article)
    except sending.SendingError as error:
        messages.error(request, str(error))
    return _back(complaint)


@cm_required
@require_POST
def reject_suggestion(request, pk, suggestion_pk):
    suggestion = get_object_or_404(Suggestion, pk=suggestion_pk, complaint_id=pk)
    suggestions.reject(suggestion, request.user)
    messages.success(
        request, _("Suggestion rejected: “%(title)s”.") % {"title": suggestion.article.title}
    )
    return _back(suggestion.complaint)


@cm_required
@require_POST
def move_to_private(request, pk):
    complaint = get_object_or_404(Complaint, pk=pk)
    try:
        sending.save_draft(complaint, request.user, kind=Reply.Kind.PRIVATE)
        messages.success(request, _("Draft invites the customer to a private message."))
    except sending.SendingError as error:
        messages.error(request, str(error))
    return _back(complaint)


@cm_required
@require_POST
def set_status(request, pk):
    """Ignore (with a reason), mark as spam, or reopen a complaint that has no sent reply."""
    complaint = get_object_or_404(Complaint, pk=pk)
    status = request.POST.get("status")
    reason = request.POST.get("reason", "").strip()[:200]
    if complaint.replies.filter(state__in=[Reply.State.SENDING, Reply.State.SENT]).exists():
        messages.error(request, _("This complaint already has a reply."))
    elif status == Complaint.Status.IGNORED and not reason:
        messages.error(request, _("Say why the complaint is ignored."))
    elif status in (Complaint.Status.IGNORED, Complaint.Status.SPAM, Complaint.Status.NEW):
        complaint.status = status
        complaint.ignore_reason = reason if status == Complaint.Status.IGNORED else ""
        complaint.save(update_fields=["status", "ignore_reason"])
        messages.success(
            request, _("Status: %(status)s.") % {"status": complaint.get_status_display()}
        )
    else:
        messages.error(request, _("Unknown status."))
    return _back(complaint)


@cm_required
@require_POST
def reply_to_cluster(request, pk):
    cluster = get_object_or_404(Cluster, pk=pk)
    article = _article(request)
    back = request.POST.get("complaint", "")
    if article is None:
        messages.error(request, _("Choose a published article."))
    else:
        sent, errors = sending.reply_to_cluster(cluster, article, request.user)
        messages.success(request, _("%(count)d replies sent.") % {"count": len(sent)})
        for complaint, error in errors[:10]:
            messages.error(request, f"{complaint.handle}: {error}")
    if back.isdigit():
        return redirect("social:complaint", pk=int(back))
    return redirect(f"{redirect('social:inbox').url}?cluster={cluster.pk}")


@cm_required
@require_POST
def length(request):
    """The one length counter, for the draft editor: {"length", "limit", "fits"}."""
    network = request.GET.get("network", "x")
    if network not in LIMITS:
        return JsonResponse({"error": "unknown network"}, status=400)
    try:
        text = json.loads(request.body or b"{}").get("text", "")
    except (ValueError, AttributeError):
        return JsonResponse({"error": 'send JSON {"text": ...}'}, status=400)
    if not isinstance(text, str):
        return JsonResponse({"error": "text must be a string"}, status=400)
    count = reply_length(text, network)
    return JsonResponse(
        {"length": count, "limit": LIMITS[network], "fits": count <= LIMITS[network]}
    )


@cm_required
@require_GET
def article_search(request):
    """Search as you type for "pick another article": [{id, title, url, language}]."""
    query = request.GET.get("q", "").strip()[:200]
    if len(query) < 2:
        return JsonResponse({"results": []})
    found = [article for article, _match in article_index.suggest_articles(query, limit=8)]
    seen = {a.pk for a in found}
    found += [
        a
        for a in ArticlePage.objects.live()
        .filter(title__icontains=query)
        .select_related("locale")[:8]
        if a.pk not in seen
    ]
    return JsonResponse(
        {
            "results": [
                {"id": a.pk, "title": a.title, "url": a.url, "language": a.locale.language_code}
                for a in found[:8]
            ]
        }
    )
