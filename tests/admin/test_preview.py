"""Wagtail admin preview and "view revision" render every page type."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from tests import factories

BODY = [
    ("heading", {"text": "Read the bounce message", "level": "h2"}),
    ("paragraph", rich_text("<p>A mailer-daemon notice explains it.</p>")),
]


@pytest.fixture
def pages(help_center, email_category, bounce_article):
    other = factories.make_article(email_category, "Set up your MX records")
    bounce_article.related_articles.add(other)
    factories.publish(bounce_article)
    return [help_center, email_category, bounce_article]


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "x"))
    return client


def test_preview_of_every_page_type(admin_client, pages):
    for page in pages:
        edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
        if hasattr(page, "body"):  # the StreamField's inputs are drawn by JavaScript
            data.update(nested_form_data({"body": streamfield(BODY)}))
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        assert admin_client.post(url, data).json() == {"is_valid": True, "is_available": True}
        response = admin_client.get(url)
        assert response.status_code == 200, type(page).__name__
        assert page.title in response.content.decode()


def test_revision_view_of_every_page_type(admin_client, pages):
    for page in pages:
        revision = page.get_latest_revision()
        url = reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk])
        response = admin_client.get(url)
        assert response.status_code == 200, type(page).__name__
        assert page.title in response.content.decode()


def test_preview_lists_the_live_related_articles(admin_client, pages):
    article = pages[-1]
    url = reverse(
        "wagtailadmin_pages:revisions_view", args=[article.pk, article.latest_revision.pk]
    )
    assert "Set up your MX records" in admin_client.get(url).content.decode()
