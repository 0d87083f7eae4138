"""Who may do what in the forum, and the stricter rules for new accounts.

Thresholds are explicit: an account is "new" for its first day or until it has
TRUSTED_AFTER_POSTS approved posts; its first post waits for a moderator's approval;
new accounts may put at most MAX_LINKS_NEW links in a post and post less often.
"""

import re
from datetime import timedelta

from django.utils import timezone

from kb.roles import is_moderator

NEW_ACCOUNT_AGE = timedelta(days=1)
TRUSTED_AFTER_POSTS = 3
MAX_LINKS_NEW = 2
TOPIC_RATE = {"new": "5/h", "member": "20/h"}
REPLY_RATE = {"new": "20/h", "member": "60/h"}
VOTE_RATE = "60/h"  # "helpful" and "I have this problem too", each, per member

LINK_RE = re.compile(r"https?://|www\.", re.IGNORECASE)


def approved_post_count(user):
    return user.forum_posts.filter(approved=True, hidden=False).count()


def is_new_account(user):
    if is_moderator(user):
        return False
    young = user.date_joined > timezone.now() - NEW_ACCOUNT_AGE
    return young or approved_post_count(user) < TRUSTED_AFTER_POSTS


def needs_approval(user):
    """A member's first post waits for a moderator."""
    return not is_moderator(user) and approved_post_count(user) == 0


def active_ban(user):
    from kb.forum.models import ForumBan

    if not user.is_authenticated:
        return None
    return ForumBan.objects.active().filter(user=user).order_by("until").last()


def can_post(user):
    return user.is_authenticated and user.is_active and active_ban(user) is None


def can_edit(user, post):
    return can_post(user) and (post.author_id == user.pk or is_moderator(user))


def can_mark_solution(user, topic):
    return can_post(user) and (topic.author_id == user.pk or is_moderator(user))


def can_see_post(user, post):
    """Hidden posts show as a placeholder to everyone; held posts only to author and moderators."""
    if post.approved:
        return True
    return user.is_authenticated and (post.author_id == user.pk or is_moderator(user))


def count_links(markdown_text):
    return len(LINK_RE.findall(markdown_text or ""))


def too_many_links(user, markdown_text):
    return is_new_account(user) and count_links(markdown_text) > MAX_LINKS_NEW


def _rate(rates):
    def rate(group, request):
        if is_moderator(request.user):
            return None
        return rates["new"] if is_new_account(request.user) else rates["member"]

    return rate


topic_rate = _rate(TOPIC_RATE)
reply_rate = _rate(REPLY_RATE)
