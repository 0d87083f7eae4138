"""Build real Wagtail pages and users for tests."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site

from kb.models import ArticlePage, CategoryPage, HelpCenterPage


def locale(code):
    return Locale.objects.get_or_create(language_code=code)[0]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_help_center(title="How can we help?"):
    """An English help center set as the default site's root, with a French translation."""
    home = HelpCenterPage(title=title, slug="help-center", locale=locale("en"))
    Page.get_first_root_node().add_child(instance=home)
    publish(home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    french = home.copy_for_translation(locale("fr"))
    french.title = "Comment pouvons-nous vous aider ?"
    publish(french)
    return home


def make_category(home, title="E-mail", slug=None, icon="✉"):
    category = CategoryPage(title=title, slug=slug or title.lower().replace(" ", "-"), icon=icon)
    home.add_child(instance=category)
    return publish(category)


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def make_article(category, title, body=None, summary="", symptoms=(), tags=(), live=True):
    article = ArticlePage(
        title=title,
        summary=summary or f"About {title.lower()}.",
        body=body if body is not None else [heading("Why"), paragraph(f"All about {title}.")],
        symptoms="\n".join(symptoms),
    )
    article.tags.add(*tags)
    article.live = live
    category.add_child(instance=article)
    if live:
        return publish(article)
    article.save_revision()
    return article


def make_user(username, group=None, **fields):
    user = get_user_model().objects.create_user(
        username=username, password="pass-for-tests-123", email=f"{username}@example.com", **fields
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user
