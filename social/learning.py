"""What CMs teach the matcher: a complaint answered with an article becomes one of its aliases,
and each sent answer counts in the article's prior."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from social.article_index import extra_aliases, refresh_article
from social.models import ArticleAlias, Reply

MAX_ALIASES = 200  # the most recent ones; older phrasings add little


@receiver(extra_aliases)
def cm_answers(sender, article, **kwargs):
    aliases = list(
        ArticleAlias.objects.filter(article=article)
        .order_by("-created_at")
        .values_list("text", flat=True)[:MAX_ALIASES]
    )
    answers = Reply.objects.filter(
        article=article, kind=Reply.Kind.ANSWER, state=Reply.State.SENT
    ).count()
    return aliases, answers


@receiver(post_save, sender=ArticleAlias)
@receiver(post_delete, sender=ArticleAlias)
def relearn(sender, instance, created=False, **kwargs):
    """A phrasing a moderator corrected or removed changes what the matcher knows at once.

    New aliases come from sending, which re-indexes the article itself (its prior changes too).
    """
    if not created:
        refresh_article(instance.article)
