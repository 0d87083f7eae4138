"""A reply's way out, at most once: draft → approved → sending → sent, or failed with the error.

Each transition runs in a transaction that locks the complaint row, then the reply row
(`_lock`: one order everywhere, so concurrent CMs never deadlock), and claims the `sending`
state with a conditional UPDATE, so two CMs clicking "send" at the same moment make one network
call. A retry after a failure or a timeout first asks the network whether the reply went out
(`find_sent`) before posting again.

A reply still `sending` after `SOCIAL_SENDING_TIMEOUT` seconds lost its process mid-call. With
a network that can be asked (`CHECKABLE`), it may be sent again: the retry looks for the post
first (and Mastodon's idempotency key is the same). Otherwise its fate is *unknown*: the CM
checks on the network and confirms it was posted (`confirm_posted`) or not (`mark_failed`).
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kb.roles import is_moderator
from social import article_index, guardrails, replies
from social.models import ArticleAlias, Complaint, Guardrails, Reply, ReplyEvent
from social.networks import PostingError, SentPost, get_backend

State = Reply.State
EDITABLE = (State.DRAFT, State.APPROVED)
# Backends whose `find_sent` asks the network: a stuck reply is retried after checking.
CHECKABLE = frozenset({"x", "mastodon", "bluesky"})


class SendingError(Exception):
    """Why a reply cannot change state now (shown to the CM)."""


def _event(reply, state, user, note=""):
    ReplyEvent.objects.create(reply=reply, state=state, user=user, note=note[:2000])


def _lock(complaint_id, reply_id=None):
    """Lock the complaint row, then the reply row (`reply_id`, else the live reply, if any).

    Call inside a transaction. Every writer takes the locks in this order."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
    replies = Reply.objects.select_for_update().filter(complaint_id=complaint_id)
    if reply_id is None:
        return complaint, replies.exclude(state=State.FAILED).first()
    return complaint, replies.get(pk=reply_id)


def live_reply(complaint):
    return complaint.replies.exclude(state=State.FAILED).first()


def save_draft(complaint, user, text=None, article=None, kind=Reply.Kind.ANSWER, token=None):
    """Create or update the complaint's draft; `text=None` drafts it from the template.

    `token` is that of the unsaved draft the CM edited: a new reply keeps it, an existing one
    has its tracked link put back in the text. Editing an approved draft voids the approval.
    A sent or sending reply cannot change."""
    with transaction.atomic():
        complaint, reply = _lock(complaint.pk)
        if reply is not None and reply.state not in EDITABLE:
            raise SendingError(_("This complaint already has a reply being sent or sent."))
        if reply is None:
            reply = Reply(complaint=complaint, author=user)
            if token and not Reply.objects.filter(token=token).exists():
                reply.token = token
        if text is not None and token and token != reply.token:
            text = text.replace(replies.tracked_link(token), replies.tracked_link(reply.token))
        if kind == Reply.Kind.ANSWER and article is not None:
            article = replies.localised(article, complaint.language)
        if text is None:
            if kind == Reply.Kind.PRIVATE:
                text = replies.draft_private(complaint, user)
            elif article is not None:
                text = replies.draft_answer(complaint, article, user, reply.token)
            else:
                raise SendingError(_("Choose an article to draft an answer."))
        changed = reply.pk is None or text != reply.text or reply.kind != kind
        if changed:  # whoever last wrote the text is its author (an approver is not)
            reply.text, reply.kind, reply.author = text, kind, user
        if kind == Reply.Kind.PRIVATE:
            reply.article = None
        elif article is not None:
            reply.article = article
        if changed and reply.state == State.APPROVED:
            reply.state, reply.approved_by = State.DRAFT, None
        reply.save()
        if changed:
            _event(reply, State.DRAFT, user)
    return reply


def needs_second_approval(author):
    """New CMs (fewer sent replies than the setting) need another person's approval."""
    threshold = Guardrails.load().approval_below
    if not threshold or author is None or is_moderator(author):
        return False
    return Reply.objects.filter(author=author, state=State.SENT).count() < threshold


def approve(reply, user):
    with transaction.atomic():
        _complaint, reply = _lock(reply.complaint_id, reply.pk)
        if reply.state != State.DRAFT:
            raise SendingError(_("Only a draft can be approved."))
        if user == reply.author and needs_second_approval(reply.author):
            raise SendingError(_("Another community manager must approve this reply."))
        reply.state, reply.approved_by = State.APPROVED, user
        reply.save(update_fields=["state", "approved_by"])
        _event(reply, State.APPROVED, user)
    return reply


def send(reply, user, backend=None):
    """Post `reply` once; return it `sent`, or raise `SendingError` (the reply says why)."""
    backend = backend or get_backend()
    with transaction.atomic():
        complaint, reply = _lock(reply.complaint_id, reply.pk)
        previous = reply.state
        if previous == State.SENT:
            raise SendingError(_("This reply was already sent."))
        if is_unknown(reply):
            raise SendingError(
                _("Nobody knows whether this reply was posted: check on the network and confirm.")
            )
        if previous == State.SENDING and not is_stuck(reply):
            raise SendingError(_("This reply is being sent."))
        if previous == State.FAILED and not reply.retryable:
            raise SendingError(_("This reply failed for good: %(error)s") % {"error": reply.error})
        if previous == State.DRAFT:
            if needs_second_approval(reply.author) and user == reply.author:
                raise SendingError(_("Another community manager must approve this reply."))
            reply.approved_by = user
        found = guardrails.problems(reply.text, complaint)
        if found:
            raise SendingError(" ".join(found))
        try:
            with transaction.atomic():
                claimed = Reply.objects.filter(pk=reply.pk, state=previous).update(
                    state=State.SENDING,
                    attempts=F("attempts") + 1,
                    backend=getattr(backend, "name", type(backend).__name__),
                    approved_by=reply.approved_by,
                    error="",
                )
        except IntegrityError:
            raise SendingError(_("This complaint already has another reply.")) from None
        if not claimed:
            raise SendingError(_("This reply is being sent."))
        _event(reply, State.SENDING, user)
    reply.refresh_from_db()
    return _post(reply, user, backend, retry=reply.attempts > 1)


def stuck_after():
    return timedelta(seconds=settings.SOCIAL_SENDING_TIMEOUT)


def is_stuck(reply):
    """Still `sending` long after it started: the process that claimed it died mid-call."""
    if reply.state != State.SENDING or reply.backend == "web_intent":
        return False
    started = reply.events.filter(state=State.SENDING).order_by("-at").first()
    return started is None or timezone.now() - started.at > stuck_after()


def is_unknown(reply):
    """Stuck, and its network cannot be asked: only the CM can tell whether it was posted."""
    return is_stuck(reply) and reply.backend not in CHECKABLE


def _post(reply, user, backend, retry):
    if hasattr(backend, "intent_url"):
        return reply  # the CM posts it from the browser, then confirms (`confirm_posted`)
    incoming = reply.complaint.as_incoming()
    try:
        sent = backend.find_sent(reply.text, incoming) if retry else None
        if sent is None:
            sent = backend.send(reply.text, incoming)
    except PostingError as error:
        _fail(reply, user, str(error), retryable=error.retryable)
        message = _("The network refused the reply: %(error)s") % {"error": error}
        raise SendingError(message) from error
    except Exception as error:  # a timeout or a broken connection: it may have been posted
        _fail(reply, user, f"{type(error).__name__}: {error}", retryable=True)
        raise SendingError(
            _("Sending failed (%(error)s); retry checks first.") % {"error": error}
        ) from error
    return _mark_sent(reply, user, sent)


def confirm_posted(reply, user):
    """The CM posted a web-intent reply from the browser, or found a reply of unknown fate on
    the network: record it as sent."""
    with transaction.atomic():
        _complaint, reply = _lock(reply.complaint_id, reply.pk)
        intent = reply.state == State.SENDING and reply.backend == "web_intent"
        if not intent and not is_unknown(reply):
            raise SendingError(_("Only a reply opened as a web intent can be confirmed."))
    prefix = "intent" if intent else "confirmed"
    return _mark_sent(reply, user, SentPost(external_id=f"{prefix}:{reply.token}"))


def mark_failed(reply, user):
    """The CM checked: a reply of unknown fate (or a web intent) was not posted. It can be
    sent again."""
    with transaction.atomic():
        _complaint, reply = _lock(reply.complaint_id, reply.pk)
        intent = reply.state == State.SENDING and reply.backend == "web_intent"
        if not intent and not is_unknown(reply):
            raise SendingError(_("Only a reply whose fate is unknown can be marked not posted."))
        error = _("Not posted (checked by %(user)s).") % {"user": user.get_username()}
        _fail(reply, user, error, retryable=True)
    return Reply.objects.get(pk=reply.pk)


def _fail(reply, user, error, retryable):
    with transaction.atomic():
        _lock(reply.complaint_id, reply.pk)
        Reply.objects.filter(pk=reply.pk, state=State.SENDING).update(
            state=State.FAILED, error=error, retryable=retryable
        )
        _event(reply, State.FAILED, user, error)


def _mark_sent(reply, user, sent):
    now = timezone.now()
    with transaction.atomic():
        complaint, reply = _lock(reply.complaint_id, reply.pk)
        if reply.state == State.SENT:
            return reply
        try:
            with transaction.atomic():
                Reply.objects.filter(pk=reply.pk).update(
                    state=State.SENT,
                    sent_at=now,
                    external_id=sent.external_id,
                    external_url=sent.url,
                    error="",
                )
        except IntegrityError:  # marked failed meanwhile, and another reply is now live
            note = f"posted as {sent.external_id} after it was marked failed {sent.url}"
            _event(reply, State.FAILED, user, note)
            return reply
        _event(reply, State.SENT, user, sent.external_id)
        complaint.status = (
            Complaint.Status.PRIVATE
            if reply.kind == Reply.Kind.PRIVATE
            else Complaint.Status.REPLIED
        )
        complaint.first_response_at = complaint.first_response_at or now
        complaint.save(update_fields=["status", "first_response_at"])
        if reply.kind == Reply.Kind.ANSWER and reply.article_id:
            ArticleAlias.objects.get_or_create(
                article_id=reply.article_id,
                complaint=complaint,
                defaults={"text": complaint.text[:500]},
            )
    if reply.kind == Reply.Kind.ANSWER and reply.article is not None:
        article_index.refresh_article(reply.article)
    reply.refresh_from_db()
    return reply
