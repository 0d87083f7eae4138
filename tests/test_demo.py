"""`manage.py load_demo` builds a realistic bilingual help center, and a second run adds nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from kb.models import ArticlePage, CategoryPage, HelpCenterPage


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_twice(client):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "password for all: onereply-demo" in out.getvalue()
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first

    english = ArticlePage.objects.live().filter(locale__language_code="en")
    french = ArticlePage.objects.live().filter(locale__language_code="fr")
    assert english.count() >= 40
    assert french.count() == english.count()
    assert CategoryPage.objects.filter(locale__language_code="en").count() == 7
    assert all(article.symptom_list and article.tags.exists() for article in english)
    bounce = english.get(slug="email-bounces")
    assert "my mails bounce" in bounce.symptom_list
    assert bounce.get_translation(french.first().locale).url.startswith("/fr/email/")

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HelpCenterPage)
    assert client.get("/en/").status_code == 200
    assert client.get(bounce.url).status_code == 200
    assert client.login(username="cm", password="onereply-demo")
