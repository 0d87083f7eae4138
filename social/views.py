"""The CM inbox: the queue, one complaint with its suggestions and draft, and the actions.

Every view requires a community manager (or moderator); anonymous users are sent to log in,
others get 403. The logic lives in `social.sending`, `social.suggestions` and friends."""

import json
from dataclasses import replace
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from kb.models import ArticlePage
from kb.roles import is_community_manager
from social import (
    article_index,
    drafts,
    group_send,
    replies,
    sending,
    suggestions,
    tasks,
    tone,
)
from social import undo as undo_actions
from social.metrics import SLA
from social.models import NETWORKS, Cluster, Complaint, Reply, Suggestion, new_token
from social.networks import LIMITS, intent_url, reply_length, reply_text

PAGE_SIZE = 50
IGNORE_REASONS = [
    gettext_lazy("Not a support request"),
    gettext_lazy("Already answered elsewhere"),
    gettext_lazy("Not about our products"),
]


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


def _filters(request):
    """The inbox filters a page was opened with (a form's `filters` field, else the URL), as a
    query string without the page number."""
    source = request.GET if request.method == "GET" else QueryDict(request.POST.get("filters", ""))
    params = source.copy()
    params.pop("page", None)
    return params.urlencode()


def _remember_undo(request, complaint):
    request.session["undo"] = {"pk": complaint.pk, "at": timezone.now().isoformat()}


def _undo_pk(request):
    """The complaint just ignored or marked as spam, while it can still be undone."""
    undo = request.session.get("undo") or {}
    at = parse_datetime(undo.get("at", ""))
    if at is None or timezone.now() - at > undo_actions.UNDO_FOR:
        return None
    return undo.get("pk")


def _with(url, filters):
    return f"{url}?{filters}" if filters else url


def _group_size(complaint):
    if not complaint.cluster_id:
        return 0
    return Complaint.objects.filter(
        cluster_id=complaint.cluster_id, status=Complaint.Status.NEW
    ).count()


def next_url(filters, user):
    """Where "send and next" goes: the first open complaint of the queue (its group view when
    it belongs to a group), or the inbox when none is left."""
    params = QueryDict(filters).copy()
    params["status"] = Complaint.Status.NEW
    following = queue(params, user).exclude(~Q(assigned_to=user), assigned_to__isnull=False)
    complaint = following.first()
    if complaint is None:
        return _with(reverse("social:inbox"), filters)
    if not params.get("cluster") and _group_size(complaint) > 1:
        return _with(reverse("social:cluster", args=[complaint.cluster_id]), filters)
    return _with(reverse("social:complaint", args=[complaint.pk]), filters)


def _rows(page, filters):
    """The queue's rows: a complaint, or one row for an open group (its first complaint)."""
    sizes = dict(
        Complaint.objects.filter(
            status=Complaint.Status.NEW,
            cluster_id__in={c.cluster_id for c in page if c.cluster_id},
        )
        .values("cluster_id")
        .annotate(n=Count("pk"))
        .values_list("cluster_id", "n")
    )
    now, seen, rows = timezone.now(), set(), []
    collapse = not QueryDict(filters).get("cluster")
    for complaint in page:
        complaint.waiting = now - complaint.created_at
        complaint.overdue = complaint.first_response_at is None and complaint.waiting > SLA
        size = sizes.get(complaint.cluster_id, 0) if complaint.status == "new" else 0
        if collapse and size > 1:
            if complaint.cluster_id in seen:
                continue
            seen.add(complaint.cluster_id)
            complaint.group_size = size
            complaint.url = _with(reverse("social:cluster", args=[complaint.cluster_id]), filters)
        else:
            complaint.group_size = 0
            complaint.url = _with(reverse("social:complaint", args=[complaint.pk]), filters)
        rows.append(complaint)
    return rows


@cm_required
@require_GET
def inbox(request):
    page = Paginator(queue(request.GET, request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    filters = _filters(request)
    return render(
        request,
        "social/inbox.html",
        {
            "page_obj": page,
            "rows": _rows(page, filters),
            "filters": request.GET,
            "networks": NETWORKS,
            "statuses": Complaint.Status.choices,
            "languages": [("en", "English"), ("fr", "Français")],
            "query": filters,
            "loaded_at": timezone.now().isoformat(),
            "ignore_reasons": IGNORE_REASONS,
            "undo_pk": _undo_pk(request),
        },
    )


@cm_required
@require_GET
def queue_count(request):
    """For the inbox's polling: {"open": complaints in the queue, "new": arrived since `since`}."""
    since = parse_datetime(request.GET.get("since", "")) or timezone.now()
    complaints = queue(request.GET, request.user)
    return JsonResponse(
        {"open": complaints.count(), "new": complaints.filter(received_at__gt=since).count()}
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


def _neighbours(complaint, filters, user):
    """The previous and next complaints of the queue around `complaint` (URLs or "")."""
    complaints = queue(QueryDict(filters), user).exclude(pk=complaint.pk)
    key = Q(created_at__gt=complaint.created_at) | Q(
        created_at=complaint.created_at, pk__gt=complaint.pk
    )
    newest_first = QueryDict(filters).get("status", "new") != "new"
    after = complaints.exclude(key) if newest_first else complaints.filter(key)
    before = complaints.filter(key) if newest_first else complaints.exclude(key)
    following = after.first()
    previous = before.reverse().first()
    return [
        _with(reverse("social:complaint", args=[c.pk]), filters) if c else ""
        for c in (previous, following)
    ]


@cm_required
@require_GET
def complaint_detail(request, pk):
    """One complaint: suggestions, the draft (a proposal until the first POST), the actions."""
    complaint = get_object_or_404(Complaint.objects.select_related("cluster"), pk=pk)
    filters = _filters(request)
    reply = sending.live_reply(complaint)
    proposal = None
    if reply is None and complaint.status == Complaint.Status.NEW:
        proposal = drafts.propose(complaint, request.user)
    failed = complaint.replies.filter(state=Reply.State.FAILED).order_by("-pk").first()
    intent = None
    if reply is not None and reply.state == Reply.State.SENDING and reply.backend == "web_intent":
        intent = intent_url(reply.text, complaint.as_incoming())
    text = reply.text if reply else (proposal.text if proposal else "")
    previous, following = _neighbours(complaint, filters, request.user)
    return render(
        request,
        "social/complaint.html",
        {
            "complaint": complaint,
            "reply": reply,
            "proposal": proposal,
            "draft_text": text,
            "failed": failed,
            "intent_url": intent,
            "unknown": reply is not None and sending.is_unknown(reply),
            "stuck": reply is not None and sending.is_stuck(reply),
            "preview": reply_text(text, complaint.as_incoming()),
            "mention": "@" + complaint.author_handle if complaint.network == "mastodon" else "",
            "suggestions": complaint.suggestions.select_related("article__locale", "rejected_by"),
            "tone": tone.classify(complaint.text),
            "conversation": _conversation(complaint),
            "cluster_open": _group_size(complaint),
            "limit": LIMITS.get(complaint.network, 280),
            "length": reply_length(text, complaint.network),
            "needs_approval": (reply.author if reply else request.user) == request.user
            and sending.needs_second_approval(request.user),
            "filters": filters,
            "previous_url": previous,
            "next_url": following,
            "ignore_reasons": IGNORE_REASONS,
            "undo_pk": _undo_pk(request),
        },
    )


def _article(request):
    value = request.POST.get("article", "")
    if not value.isdigit():
        return None
    return ArticlePage.objects.live().filter(pk=int(value)).first()


def _back(complaint, request=None):
    url = reverse("social:complaint", args=[complaint.pk])
    return redirect(_with(url, _filters(request)) if request is not None else url)


def _next(request):
    return redirect(next_url(_filters(request), request.user))


@cm_required
@require_POST
def assign(request, pk):
    complaint = get_object_or_404(Complaint, pk=pk)
    complaint.assigned_to = None if request.POST.get("unassign") else request.user
    complaint.save(update_fields=["assigned_to"])
    return _back(complaint, request)


@cm_required
@require_POST
def save_reply(request, pk):
    """The draft form: save, approve or send the text as the CM sees it; after a send, the
    next complaint of the queue opens."""
    complaint = get_object_or_404(Complaint, pk=pk)
    action = request.POST.get("action", "save")
    text = request.POST.get("text", "").strip()
    current = sending.live_reply(complaint)
    kind = current.kind if current else Reply.Kind.ANSWER
    try:
        if not text:
            raise sending.SendingError(_("Write the reply, or pick an article to draft it."))
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
            sent = sending.send(current, request.user)
            messages.success(request, _("Reply sent to %(handle)s.") % {"handle": complaint.handle})
            if undo_actions.can_take_back(sent):
                _remember_undo(request, complaint)
            return _next(request)
        else:
            messages.success(request, _("Draft saved."))
    except sending.SendingError as error:
        messages.error(request, str(error))
    return _back(complaint, request)


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
    return _back(complaint, request)


def _settle_live_reply(request, pk, settle, nothing, done):
    """Record the CM's word on the complaint's live reply (`settle(reply, user)`)."""
    complaint = get_object_or_404(Complaint, pk=pk)
    reply = sending.live_reply(complaint)
    try:
        if reply is None:
            raise sending.SendingError(nothing)
        settle(reply, request.user)
        messages.success(request, done)
    except sending.SendingError as error:
        messages.error(request, str(error))
    return _back(complaint, request)


@cm_required
@require_POST
def confirm_posted(request, pk):
    """A web-intent reply the CM posted from the browser, or one of unknown fate they found."""
    return _settle_live_reply(
        request, pk, sending.confirm_posted, _("Nothing to confirm."), _("Reply recorded as sent.")
    )


@cm_required
@require_POST
def mark_failed(request, pk):
    """The CM checked on the network: the reply of unknown fate was not posted."""
    return _settle_live_reply(
        request,
        pk,
        sending.mark_failed,
        _("Nothing to mark."),
        _("Reply recorded as not posted: you can send it again."),
    )


@cm_required
@require_POST
def use_article(request, pk):
    """Draft the answer again with the chosen article (a suggestion or a searched one)."""
    complaint = get_object_or_404(Complaint, pk=pk)
    article = _article(request)
    if article is None:
        messages.error(request, _("Choose a published article."))
        return _back(complaint, request)
    try:
        sending.save_draft(complaint, request.user, article=article)
    except sending.SendingError as error:
        messages.error(request, str(error))
    return _back(complaint, request)


@cm_required
@require_POST
def reject_suggestion(request, pk, suggestion_pk):
    """ "Not this article": the draft that linked it is drafted again from the next good
    suggestion, or removed ("no good match")."""
    suggestion = get_object_or_404(Suggestion, pk=suggestion_pk, complaint_id=pk)
    suggestions.reject(suggestion, request.user)
    article = drafts.after_reject(suggestion.complaint, suggestion, request.user)
    if article is not None:
        message = _("“%(title)s” rejected: the draft now links “%(other)s”.")
    else:
        message = _("“%(title)s” rejected: no good match left, pick an article or write the reply.")
    messages.success(
        request,
        message % {"title": suggestion.article.title, "other": getattr(article, "title", "")},
    )
    return _back(suggestion.complaint, request)


@cm_required
@require_POST
def move_to_private(request, pk):
    complaint = get_object_or_404(Complaint, pk=pk)
    try:
        sending.save_draft(complaint, request.user, kind=Reply.Kind.PRIVATE)
        messages.success(request, _("Draft invites the customer to a private message."))
    except sending.SendingError as error:
        messages.error(request, str(error))
    return _back(complaint, request)


def change_status(complaint, status, reason):
    """Ignore (with a reason), mark as spam, or reopen a complaint without a sent reply.
    Returns an error message, or "" when done."""
    if complaint.replies.filter(state__in=[Reply.State.SENDING, Reply.State.SENT]).exists():
        return _("This complaint already has a reply.")
    if status == Complaint.Status.IGNORED and not reason:
        return _("Say why the complaint is ignored.")
    if status not in (Complaint.Status.IGNORED, Complaint.Status.SPAM, Complaint.Status.NEW):
        return _("Unknown status.")
    complaint.status = status
    complaint.ignore_reason = reason if status == Complaint.Status.IGNORED else ""
    complaint.save(update_fields=["status", "ignore_reason"])
    return ""


def _reason(request):
    return (request.POST.get("reason") or request.POST.get("other_reason", "")).strip()[:200]


@cm_required
@require_POST
def set_status(request, pk):
    """Ignore, spam or reopen one complaint; ignore and spam open the next one of the queue."""
    complaint = get_object_or_404(Complaint, pk=pk)
    status = request.POST.get("status")
    error = change_status(complaint, status, _reason(request))
    if error:
        messages.error(request, error)
        return _back(complaint, request)
    messages.success(
        request,
        _("%(handle)s: %(status)s.")
        % {"handle": complaint.handle, "status": complaint.get_status_display()},
    )
    _remember_undo(request, complaint)
    if status == Complaint.Status.NEW:
        return _back(complaint, request)
    return _next(request)


@cm_required
@require_POST
def bulk_status(request):
    """Ignore or mark as spam the selected complaints at once (sends stay one by one)."""
    status = request.POST.get("status") or request.GET.get("status")
    ids = [int(i) for i in request.POST.getlist("complaint") if i.isdigit()]
    if status not in (Complaint.Status.IGNORED, Complaint.Status.SPAM):
        messages.error(request, _("Unknown status."))
    elif not ids:
        messages.error(request, _("Select complaints first."))
    else:
        done = 0
        for complaint in Complaint.objects.filter(pk__in=ids, status=Complaint.Status.NEW):
            done += not change_status(complaint, status, _reason(request))
        label = Complaint.Status(status).label
        messages.success(
            request,
            ngettext("%(count)d complaint: %(status)s.", "%(count)d complaints: %(status)s.", done)
            % {"count": done, "status": label},
        )
        if request.POST.get("next"):  # a group's page: on to the next complaint
            return _next(request)
    return redirect(_with(reverse("social:inbox"), _filters(request)))


@cm_required
@require_POST
def undo(request, pk):
    """Take back the last action: reopen an ignored or spam complaint, or unsend a reply."""
    complaint = get_object_or_404(Complaint, pk=pk)
    if complaint.status in (Complaint.Status.IGNORED, Complaint.Status.SPAM):
        change_status(complaint, Complaint.Status.NEW, "")
        messages.success(request, _("%(handle)s is open again.") % {"handle": complaint.handle})
    else:
        reply = complaint.replies.filter(state=Reply.State.SENT).first()
        try:
            if not undo_actions.can_take_back(reply):
                raise sending.SendingError(_("This reply can no longer be taken back."))
            undo_actions.take_back(reply, request.user)
            messages.success(request, _("Reply taken back: it is a draft again."))
        except sending.SendingError as error:
            messages.error(request, str(error))
    request.session.pop("undo", None)
    return _back(complaint, request)


def _source(request, cluster):
    """The member a group's text was written for (the complaint the CM came from)."""
    value = request.POST.get("complaint", "")
    return get_object_or_404(Complaint, pk=int(value) if value.isdigit() else 0, cluster=cluster)


def _group_context(request, cluster, text, token, source, article, ticked=None):
    """The confirmation page's context; ``ticked``: the members the CM ticked (pks), if any."""
    members = group_send.members(cluster, article)
    if ticked is not None:
        members = [replace(m, ticked=m.complaint.pk in ticked) for m in members]
    networks = {m.complaint.network for m in members}
    network = min(networks or {"x"}, key=lambda n: LIMITS.get(n, 0))  # the strictest limit
    return {
        "cluster": cluster,
        "members": members,
        "ticked": sum(m.ticked for m in members),
        "text": text,
        "token": token,
        "source": source,
        "article": article,
        "filters": _filters(request),
        "network": network,
        "length": reply_length(text, network),
        "limit": LIMITS[network],
        "pending": group_send.pending(cluster),
        "undo_pk": _undo_pk(request),
        "ignore_reasons": IGNORE_REASONS,
    }


@cm_required
def cluster_view(request, pk):
    """A group of similar complaints and its confirmation: the members that will get the reply,
    each with its own best article, and the text. A POST (from the complaint page, with the
    text as edited there) only shows it: nothing is written before the confirmation."""
    cluster = get_object_or_404(Cluster, pk=pk)
    first = group_send.open_complaints(cluster).first()
    if request.method == "POST":
        source = _source(request, cluster)
        article = _article(request)
        text, token = request.POST.get("text", "").strip(), request.POST.get("token", "")
        live = sending.live_reply(source)
        token = live.token if live is not None and not token else token
    elif first is not None:
        article = group_send.group_article(cluster)
        article = replies.localised(article, first.language) if article else None
        ticked = [m.complaint for m in group_send.members(cluster, article) if m.ticked]
        ticked.sort(key=lambda c: c.network != "x")  # drafted for the strictest length rules
        source = ticked[0] if ticked else first
        live = sending.live_reply(source)
        token = live.token if live is not None else new_token()
        if live is not None and live.state in sending.EDITABLE and live.article == article:
            text = live.text
        else:
            text = replies.draft_answer(source, article, request.user, token) if article else ""
    else:
        source, article, text, token = None, cluster.article, "", ""
    return render(
        request,
        "social/cluster.html",
        _group_context(request, cluster, text, token, source, article),
    )


@cm_required
@require_POST
def cluster_send(request, pk):
    """Send the reviewed text to the ticked members, once the CM confirmed their number."""
    cluster = get_object_or_404(Cluster, pk=pk)
    source = _source(request, cluster)
    ids = {int(i) for i in request.POST.getlist("member") if i.isdigit()}
    chosen = [c for c in group_send.open_complaints(cluster) if c.pk in ids]
    text, token = request.POST.get("text", "").strip(), request.POST.get("token", "")
    article = _article(request)
    if not chosen or not text or request.POST.get("confirm") != str(len(chosen)):
        # Shown again as the CM left it (text and ticks): without JavaScript the button still
        # said the number first shown; it now says the number ticked, and nothing was sent.
        if not text:
            messages.error(request, _("Write the text of the reply."))
        elif not chosen:
            messages.error(request, _("Tick the members who get the reply."))
        else:
            messages.error(request, _("Confirm the number of replies to send."))
        context = _group_context(request, cluster, text, token, source, article, ids)
        return render(request, "social/cluster.html", context)
    ready, errors = group_send.prepare(cluster, chosen, text, source, token, article, request.user)
    return _send_group(request, cluster, ready, errors, lambda: _next(request))


@cm_required
@require_POST
def cluster_resume(request, pk):
    """Send the group's replies an interrupted group send left approved or retryable."""
    cluster = get_object_or_404(Cluster, pk=pk)
    back = _with(reverse("social:cluster", args=[cluster.pk]), _filters(request))
    return _send_group(request, cluster, group_send.pending(cluster), [], lambda: redirect(back))


def _send_group(request, cluster, reply_pks, errors, then):
    """Send the prepared replies in a background job; its page shows the progress until it is
    done (with the database or Redis worker), else the outcome is reported and `then()` says
    where the CM goes next."""
    job = tasks.start_group_send(cluster, reply_pks, request.user)
    job.refresh_from_db()
    if not job.finished:
        return redirect("social:job", job.pk)
    sent, failed = group_send.outcome(reply_pks)
    _report(request, sent, errors + failed)
    return then()


def _report(request, sent, errors):
    count = len(sent)
    messages.success(
        request,
        ngettext("%(count)d reply sent.", "%(count)d replies sent.", count) % {"count": count},
    )
    for complaint, error in errors[:10]:
        messages.error(request, f"{complaint.handle}: {error}")


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
