"""The forum's background jobs (Django's Tasks API, "background" backend)."""

from django_tasks import task

from kb.forum.models import Post


@task(backend="background")
def notify_subscribers(post_id):
    """E-mail a visible reply's subscribers (not its author), from the task worker."""
    from kb.forum.services import notify_subscribers as notify

    post = Post.objects.filter(pk=post_id).select_related("topic").first()
    if post is not None:
        notify(post)
