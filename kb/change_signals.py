"""Record published-content changes in the change log (``kb/changes.py``) as they happen."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from kb import changes
from kb.forum.models import ForumSection, HelpfulVote, MeToo, Post, Topic
from kb.models import ArticlePage, SearchSynonym

Kind = changes.ContentChange.Kind


def article_changed(article_id):
    """What the matcher knows about an article changed (its aliases, its answer count)."""
    changes.record(Kind.ARTICLE, article_id)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
@receiver(post_delete, sender=ArticlePage)
def _page_changed(sender, instance, **kwargs):
    changes.record(Kind.PAGE, instance.pk)
    if isinstance(instance, ArticlePage) or instance.specific_class is ArticlePage:
        changes.record(Kind.ARTICLE, instance.pk)


@receiver(post_save, sender=SearchSynonym)
@receiver(post_delete, sender=SearchSynonym)
def _synonyms_changed(sender, instance, **kwargs):
    changes.record(Kind.SYNONYMS, 0)


@receiver(post_save, sender=Topic)
@receiver(post_delete, sender=Topic)
def _topic_changed(sender, instance, **kwargs):
    changes.record(Kind.FORUM, instance.pk)


@receiver(post_save, sender=Post)
@receiver(post_delete, sender=Post)
@receiver(post_save, sender=MeToo)
@receiver(post_delete, sender=MeToo)
def _topic_part_changed(sender, instance, **kwargs):
    changes.record(Kind.FORUM, instance.topic_id)


@receiver(post_save, sender=HelpfulVote)
@receiver(post_delete, sender=HelpfulVote)
def _vote_changed(sender, instance, **kwargs):
    changes.record(Kind.FORUM, instance.post.topic_id)


@receiver(post_save, sender=ForumSection)
@receiver(post_delete, sender=ForumSection)
def _section_changed(sender, instance, **kwargs):
    changes.record(Kind.FORUM, 0)
