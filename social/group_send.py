"""Reply to a group of similar complaints (a cluster) with the text the CM reviewed.

1. `members` lists the open complaints with each one's own best suggestion; a member whose own
   good match is another article is left out by default (the CM can tick it back in).
2. `prepare` saves one reply per ticked member: the CM's text with the member's own @handle and
   tracked link, approved by the CM (the confirmation that said N is the review). Nothing else
   gets a reply, so the matcher learns phrasings only from reviewed members.
3. `send_member` sends one member's reply through `social.sending` (at most once); `run`
   sends them all. A background task can call `send_member` per reply.

An interrupted run leaves each member sent once, or approved or failed-retryable: still
sendable (`pending` finds them again), never stuck in "sending".
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from social import drafts, replies, sending
from social.models import Complaint, Reply, ReplyEvent, Suggestion, new_token


@dataclass
class Member:
    complaint: Complaint
    own: Suggestion | None  # its own best suggestion
    ticked: bool


def open_complaints(cluster):
    return cluster.complaints.filter(status=Complaint.Status.NEW).order_by("created_at", "pk")


def group_article(cluster):
    """The article the open members are about: their most common good match (ties: the
    cluster's article first), else the cluster's article."""
    counts = {}
    for member in members(cluster, None):
        if drafts.good_match(member.own):
            counts[member.own.article] = counts.get(member.own.article, 0) + 1
    if counts:
        best = max(counts, key=lambda a: (counts[a], a.pk == cluster.article_id))
        return best.specific
    if cluster.article is not None and cluster.article.live:
        return cluster.article.specific
    return None


def members(cluster, article):
    """Every open member with its own best suggestion; unticked when that is a good match for
    another article than `article`."""
    found = []
    for complaint in open_complaints(cluster).prefetch_related("suggestions__article"):
        own = next((s for s in complaint.suggestions.all() if s.rejected_at is None), None)
        differs = (
            article is not None
            and drafts.good_match(own)
            and replies.localised(own.article.specific, complaint.language).pk != article.pk
        )
        found.append(Member(complaint, own, ticked=not differs))
    return found


def personalise(text, source, token, complaint, member_token):
    """`text` written for `source` (linking `token`), addressed to `complaint` instead."""
    if token:
        text = text.replace(replies.tracked_link(token), replies.tracked_link(member_token))
    if complaint.pk == source.pk:
        return text
    pattern = rf"(?<![\w@]){re.escape(source.handle)}(?![\w@.-])"
    return re.sub(pattern, lambda _match: complaint.handle, text, flags=re.IGNORECASE)


def prepare(cluster, complaints, text, source, token, article, user):
    """Save and approve each member's reply; return (reply ids, [(complaint, error)])."""
    ready, errors = [], []
    for complaint in complaints:
        live = sending.live_reply(complaint)
        if live is not None:
            member_token = live.token
        else:
            member_token = token if token and complaint.pk == source.pk else new_token()
        own_text = personalise(text, source, token, complaint, member_token)
        try:
            reply = drafts.save(complaint, user, text=own_text, article=article, token=member_token)
            if reply.state == Reply.State.DRAFT:
                sending.approve(reply, user)
        except sending.SendingError as error:
            errors.append((complaint, str(error)))
            continue
        ready.append(reply.pk)
    if article is not None and ready:
        cluster.article = article
        cluster.save(update_fields=["article"])
    return ready, errors


def pending(cluster):
    """The replies of open members still to go: approved, stuck, or failed and retryable."""
    found = []
    for complaint in open_complaints(cluster):
        live = sending.live_reply(complaint)
        if live is None:
            failed = complaint.replies.filter(state=Reply.State.FAILED, retryable=True)
            live = failed.order_by("-pk").first()
        elif not (
            live.state == Reply.State.APPROVED
            or (live.state == Reply.State.SENDING and sending.is_stuck(live))
        ):
            live = None
        if live is not None:
            found.append(live.pk)
    return found


def send_member(reply_pk, user, backend=None):
    """Send one member's reply (nothing if it was sent already); SendingError says why not."""
    reply = Reply.objects.get(pk=reply_pk)
    if reply.state == Reply.State.SENT:
        return reply
    try:
        return sending.send(reply, user, backend=backend)
    except (SystemExit, KeyboardInterrupt):  # the worker is stopping (timeout, shutdown)
        _release(reply_pk, user)
        raise


def run(reply_pks, user, backend=None, progress=None):
    """Send every reply of `reply_pks`; return (sent replies, [(complaint, error)]).
    `progress(n)` is told how many were done after each one."""
    sent, errors = [], []
    for done, pk in enumerate(reply_pks, 1):
        try:
            sent.append(send_member(pk, user, backend=backend))
        except sending.SendingError as error:
            errors.append((Reply.objects.get(pk=pk).complaint, str(error)))
        if progress is not None:
            progress(done)
    return sent, errors


def outcome(reply_pks):
    """(sent replies, [(complaint, error)]) of replies a group send went through."""
    replies = Reply.objects.filter(pk__in=reply_pks).select_related("complaint")
    sent = [r for r in replies if r.state == Reply.State.SENT]
    errors = [(r.complaint, r.error) for r in replies if r.state == Reply.State.FAILED]
    return sent, errors


def _release(reply_pk, user):
    """A send cut short in "sending" becomes a retryable failure (a retry checks the network
    first, so it is still posted at most once)."""
    note = _("Interrupted while sending; a retry checks first whether it was posted.")
    with transaction.atomic():
        if Reply.objects.filter(pk=reply_pk, state=Reply.State.SENDING).update(
            state=Reply.State.FAILED, retryable=True, error=note
        ):
            ReplyEvent.objects.create(
                reply_id=reply_pk, state=Reply.State.FAILED, user=user, note=note
            )
