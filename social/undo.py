"""Undo a CM's last action for a short while: an ignored or spam complaint is reopened; a sent
reply is taken back only where the backend can do it (the outbox: nothing left the machine).
A reply taken back becomes a failed reply that is not retried, and its text a draft again."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from social import article_index, drafts, sending
from social.models import ArticleAlias, Complaint, Reply, ReplyEvent

UNDO_FOR = timedelta(seconds=30)
TAKE_BACK = ("outbox",)  # backends whose sent replies can be taken back


def can_take_back(reply):
    return (
        reply is not None
        and reply.state == Reply.State.SENT
        and reply.backend in TAKE_BACK
        and reply.sent_at is not None
        and timezone.now() - reply.sent_at <= UNDO_FOR
    )


def take_back(reply, user):
    """Unsend `reply` (see `can_take_back`): the complaint is open again with the text as a
    draft, and the matcher forgets what it learned from it. Returns the new draft."""
    note = _("Taken back by the community manager (undo).")
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=reply.complaint_id)
        reply = Reply.objects.select_for_update().get(pk=reply.pk)
        if not can_take_back(reply):
            raise sending.SendingError(_("This reply can no longer be taken back."))
        reply.state, reply.retryable, reply.error = Reply.State.FAILED, False, note
        reply.save(update_fields=["state", "retryable", "error"])
        ReplyEvent.objects.create(reply=reply, state=Reply.State.FAILED, user=user, note=note)
        complaint.status = Complaint.Status.NEW
        if complaint.first_response_at == reply.sent_at:
            complaint.first_response_at = None
        complaint.save(update_fields=["status", "first_response_at"])
        ArticleAlias.objects.filter(complaint=complaint, article_id=reply.article_id).delete()
    if reply.article is not None:
        article_index.refresh_article(reply.article)
    return drafts.save(complaint, user, text=reply.text, article=reply.article, token=reply.token)
