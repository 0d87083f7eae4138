"""Following an article: an e-mail to its followers each time a new version is published."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from kb.editing.models import ArticleFollow


def follow(user, page):
    ArticleFollow.objects.get_or_create(user=user, page=page)


def unfollow(user, page):
    ArticleFollow.objects.filter(user=user, page=page).delete()


def is_following(user, page):
    return user.is_authenticated and ArticleFollow.objects.filter(user=user, page=page).exists()


def notify_followers(page, editor=None):
    """E-mail the followers (not the editor) that `page` changed, in the article's language."""
    followers = (
        ArticleFollow.objects.filter(page=page).exclude(user__email="").select_related("user")
    )
    if editor is not None:
        followers = followers.exclude(user=editor)
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + page.url
    with translation.override(page.locale.language_code):
        for item in followers:
            body = render_to_string(
                "editing/email/article_changed.txt", {"page": page, "url": url, "user": item.user}
            )
            send_mail(
                _("Article updated: %(title)s") % {"title": page.title},
                body,
                None,
                [item.user.email],
            )


def on_page_published(sender, instance, revision=None, **kwargs):
    """Wagtail's page_published signal, connected for articles in EditingConfig.ready()."""
    notify_followers(instance, editor=getattr(revision, "user", None))
