"""What moderators do, each action written to the moderation log.

Nothing is deleted: hidden posts keep their text, merged topics keep their posts (moved into
the target), bans expire or are lifted.
"""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from kb.forum import services
from kb.forum.models import Flag, ForumBan, ModerationLog, Post, Topic


def log(actor, action, target, reason=""):
    return ModerationLog.objects.create(
        actor=actor,
        action=action,
        target_type=target._meta.model_name,
        target_id=target.pk,
        reason=reason[:255],
    )


def _sync_topic(topic):
    topic.refresh_from_db()
    topic.save()


def resolve_flags(post, moderator):
    Flag.objects.filter(post=post, resolved=False).update(resolved=True, resolved_by=moderator)


@transaction.atomic
def hide_post(post, moderator, reason):
    post.hidden, post.hidden_reason, post.hidden_by = True, reason[:255], moderator
    post.save(update_fields=["hidden", "hidden_reason", "hidden_by"])
    Topic.objects.filter(pk=post.topic_id, solution=post).update(solution=None)
    _sync_topic(post.topic)
    resolve_flags(post, moderator)
    log(moderator, "hide", post, reason)


@transaction.atomic
def unhide_post(post, moderator, reason=""):
    post.hidden, post.hidden_reason, post.hidden_by = False, "", None
    post.save(update_fields=["hidden", "hidden_reason", "hidden_by"])
    _sync_topic(post.topic)
    log(moderator, "unhide", post, reason)


@transaction.atomic
def approve_post(post, moderator):
    if post.approved:
        return
    post.approved = True
    post.save(update_fields=["approved"])
    _sync_topic(post.topic)
    if not post.is_question:
        services.reply_became_visible(post)
    log(moderator, "approve", post)


@transaction.atomic
def dismiss_flags(post, moderator, reason=""):
    resolve_flags(post, moderator)
    log(moderator, "dismiss-flags", post, reason)


def set_locked(topic, moderator, locked, reason=""):
    topic.is_locked = locked
    topic.save(update_fields=["is_locked"])
    log(moderator, "lock" if locked else "unlock", topic, reason)


def set_pinned(topic, moderator, pinned, reason=""):
    topic.is_pinned = pinned
    topic.save(update_fields=["is_pinned"])
    log(moderator, "pin" if pinned else "unpin", topic, reason)


def move_topic(topic, moderator, section, reason=""):
    old = topic.section
    topic.section = section
    topic.save(update_fields=["section"])
    log(moderator, "move", topic, reason or f"{old.slug} → {section.slug}")


@transaction.atomic
def merge_topic(duplicate, target, moderator, reason=""):
    """Move the duplicate's posts into the target; the duplicate then redirects there."""
    if duplicate.pk == target.pk or target.merged_into_id:
        raise ValueError("A topic merges into another topic that was not merged itself.")
    Post.objects.filter(topic=duplicate).update(topic=target)
    for subscription in duplicate.subscriptions.all():
        services.subscribe(subscription.user, target)
    for vote in duplicate.me_toos.all():
        target.me_toos.get_or_create(user=vote.user)
    duplicate.merged_into = target
    duplicate.save()
    target.last_activity = max(target.last_activity, duplicate.last_activity)
    target.save()
    log(moderator, "merge", duplicate, reason or f"into topic {target.pk}")


@transaction.atomic
def ban_user(user, moderator, reason, days=None):
    """Ban from posting for `days` days, or for good when `days` is None."""
    until = timezone.now() + timezone.timedelta(days=days) if days else None
    ban = ForumBan.objects.create(user=user, until=until, reason=reason[:255], by=moderator)
    log(moderator, "ban", user, f"{reason} ({f'{days} days' if days else 'permanent'})")
    return ban


@transaction.atomic
def lift_ban(user, moderator, reason=""):
    ForumBan.objects.active().filter(user=user).update(until=timezone.now())
    log(moderator, "unban", user, reason)


def flag_queue():
    """Posts with unresolved flags, most flagged first."""
    return (
        Post.objects.filter(flags__resolved=False)
        .annotate(open_flags=Count("flags", filter=Q(flags__resolved=False)))
        .select_related("topic", "author")
        .prefetch_related("flags")
        .order_by("-open_flags", "created")
    )


def approval_queue():
    return Post.objects.filter(approved=False, hidden=False).select_related("topic", "author")
