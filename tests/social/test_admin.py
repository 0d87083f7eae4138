"""Moderators edit reply templates in the Wagtail admin; default templates exist in EN and FR."""

import pytest

from social import article_index
from social.models import ArticleAlias, ReplyTemplate
from tests import factories

pytestmark = pytest.mark.django_db


def test_default_templates_in_english_and_french(db):
    assert set(ReplyTemplate.objects.values_list("language", flat=True)) >= {"en", "fr"}


def test_moderator_edits_a_template_in_the_admin(client, moderator):
    client.login(username=moderator.username, password="pass-for-tests-123")
    template = ReplyTemplate.objects.get(language="en")
    listing = client.get("/admin/snippets/social/replytemplate/")
    assert listing.status_code == 200
    url = f"/admin/snippets/social/replytemplate/edit/{template.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "language": "en",
        "greeting": "Hello {handle}!",
        "empathy": template.empathy,
        "short_empathy": template.short_empathy,
        "question": template.question,
        "praise": template.praise,
        "answer": template.answer,
        "private": template.private,
        "closing": template.closing,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert ReplyTemplate.objects.get(pk=template.pk).greeting == "Hello {handle}!"


def test_customers_cannot_reach_the_admin_templates(client, customer):
    client.login(username=customer.username, password="pass-for-tests-123")
    response = client.get("/admin/snippets/social/replytemplate/")
    assert response.status_code in (302, 403)


def test_moderator_removes_a_wrong_learned_phrasing(client, moderator, email_category):
    wrong = factories.make_article(email_category, "Webmail login", symptoms=["webmail password"])
    factories.make_article(email_category, "Domain renewal", symptoms=["renew my domain"])
    alias = ArticleAlias.objects.create(article=wrong, text="my invoice shows the wrong VAT amount")
    article_index.refresh_article(wrong)
    assert article_index.suggest_articles("invoice wrong VAT amount")[0][0] == wrong

    client.force_login(moderator)
    listing = client.get("/admin/snippets/social/articlealias/")
    assert "my invoice shows the wrong VAT amount" in listing.content.decode()
    response = client.post(f"/admin/snippets/social/articlealias/delete/{alias.pk}/")
    assert response.status_code == 302
    assert not ArticleAlias.objects.exists()
    found = [article for article, _ in article_index.suggest_articles("invoice wrong VAT amount")]
    assert wrong not in found
