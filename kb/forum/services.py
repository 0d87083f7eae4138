"""What members do in the forum: ask, reply, edit, solve, vote, subscribe, flag.

Views call these functions after checking permissions (see rules.py); tests call them directly.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kb.forum import rules
from kb.forum.models import Flag, HelpfulVote, MeToo, Post, PostRevision, Subscription, Topic


@transaction.atomic
def create_topic(author, section, title, body_markdown):
    """A new topic with its question; held for approval if the author is new."""
    now = timezone.now()
    topic = Topic.objects.create(
        section=section, title=title, author=author, created=now, last_activity=now
    )
    post = Post.objects.create(
        topic=topic,
        author=author,
        body_markdown=body_markdown,
        created=now,
        approved=not rules.needs_approval(author),
    )
    topic.question = post
    topic.save()
    subscribe(author, topic)
    return topic


@transaction.atomic
def add_reply(author, topic, body_markdown):
    """A reply; subscribers hear about it once it is visible."""
    post = Post.objects.create(
        topic=topic,
        author=author,
        body_markdown=body_markdown,
        approved=not rules.needs_approval(author),
    )
    subscribe(author, topic)
    if post.approved:
        reply_became_visible(post)
    return post


def reply_became_visible(post):
    """Bump the topic and e-mail its subscribers (not the author) after the commit, from the
    task worker."""
    from kb.forum.tasks import notify_subscribers as notify_task

    Topic.objects.filter(pk=post.topic_id).update(last_activity=post.created)
    transaction.on_commit(lambda: notify_task.enqueue(post.pk))


def notify_subscribers(post):
    topic = post.topic
    recipients = (
        Subscription.objects.filter(topic=topic)
        .exclude(user=post.author)
        .exclude(user__email="")
        .select_related("user")
    )
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + post.get_absolute_url()
    for subscription in recipients:
        body = render_to_string(
            "forum/email/new_reply.txt",
            {"post": post, "topic": topic, "url": url, "user": subscription.user},
        )
        send_mail(
            _("New reply: %(title)s") % {"title": topic.title},
            body,
            None,
            [subscription.user.email],
        )


@transaction.atomic
def edit_post(post, editor, body_markdown, title=None):
    """Change a post's text, keeping the previous version in its history."""
    topic = post.topic
    PostRevision.objects.create(
        post=post,
        title=topic.title if post.is_question else "",
        body_markdown=post.body_markdown,
        edited_by=editor,
    )
    post.body_markdown = body_markdown
    post.edited_at = timezone.now()
    post.save()
    if post.is_question:
        if title:
            topic.title = title
        topic.question = post
        topic.save()  # re-indexes the question's text for search
    return post


def mark_solution(topic, post):
    """Mark `post` as the answer (or clear it when it already is)."""
    if post.topic_id != topic.pk or post.is_question or not post.is_visible:
        raise ValueError("Only a visible reply of this topic can solve it.")
    topic.solution = None if topic.solution_id == post.pk else post
    topic.save(update_fields=["solution"])
    return topic.solution


def _toggle(model, **fields):
    """Delete the row if it exists, else create it; True if it exists now.

    Two simultaneous clicks may both try to create it: the second finds it made, not a 500.
    """
    if model.objects.filter(**fields).delete()[0]:
        return False
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        pass
    return True


def toggle_me_too(user, topic):
    """Returns True if the user now has the problem too."""
    return _toggle(MeToo, topic=topic, user=user)


def toggle_helpful(user, post):
    """Returns True if the user now finds the reply helpful (not one's own)."""
    if post.author_id == user.pk or post.is_question:
        raise ValueError("Vote for other members' replies.")
    return _toggle(HelpfulVote, post=post, user=user)


def subscribe(user, topic):
    Subscription.objects.get_or_create(user=user, topic=topic)


def unsubscribe(user, topic):
    Subscription.objects.filter(user=user, topic=topic).delete()


def flag_post(user, post, reason, note=""):
    """Report a post to the moderators (once per member and post)."""
    flag, created = Flag.objects.get_or_create(
        post=post, user=user, defaults={"reason": reason, "note": note}
    )
    if not created and flag.resolved:
        flag.reason, flag.note, flag.resolved, flag.resolved_by = reason, note, False, None
        flag.save()
    return flag


def visible_posts(topic, user):
    """The topic's posts this user may see, the accepted answer right after the question."""
    posts = list(
        topic.posts.select_related("author", "hidden_by")
        .annotate(helpful_count=Count("helpful_votes"))
        .order_by("created", "pk")
    )
    posts = [p for p in posts if rules.can_see_post(user, p)]
    if topic.solution_id:
        posts.sort(key=lambda p: (p.pk != topic.question_id, p.pk != topic.solution_id))
    return posts


def answers_by(user):
    """Visible replies by this member that solved a topic, newest first (for profiles)."""
    return (
        Post.objects.filter(author=user, approved=True, hidden=False, topic__is_public=True)
        .filter(pk__in=Topic.objects.filter(is_solved=True).values("solution_id"))
        .select_related("topic")
        .order_by("-created")
    )
