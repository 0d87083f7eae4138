"""Untrusted input renders inert, every view checks who is asking, and edits are rate-limited."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from kb.editing import edits
from kb.models import ArticlePage
from tests.editing.helpers import edit_data
from tests.factories import make_user

XSS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '"><svg onload=alert(1)>',
    "<iframe src=https://evil.example></iframe>",
    "<div onmouseover=alert(1)>hover</div>",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
]


def assert_inert(html):
    """No element, attribute or link the payloads tried to inject exists in the parsed page."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src", "").startswith("/static/") and not script.string, script
    assert not soup.find_all(["iframe", "svg", "object", "embed"])
    assert not soup.find_all("img", src="x")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), tag
            if name in ("href", "src", "action"):
                assert not re.match(r"\s*(javascript|data):", str(value), re.I), tag


@pytest.mark.parametrize("payload", XSS)
def test_xss_through_every_field_renders_inert(client, bounce_article, trusted_editor, payload):
    page = ArticlePage.objects.get(pk=bounce_article.pk)
    base = edits.current_revision(page)
    data = edit_data(
        page,
        base.pk,
        title=f"Bounce {payload}",
        summary=f"Summary {payload}",
        body=f"## Head {payload}\n\nText {payload}\n\n1. Step {payload}\n\n"
        f"> **Note:** {payload}\n\n```bash\n{payload}\n```\n",
        tags=f"email, {payload}",
        symptoms=f"bounce {payload}",
        edit_summary=f"Summary of edit {payload}",
    )
    client.force_login(trusted_editor)
    assert client.post(reverse("editing:edit", args=[page.pk]), data).status_code == 302
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.title.startswith("Bounce")  # published at once

    revision_id = page.live_revision_id
    for url in (
        page.url,
        reverse("editing:edit", args=[page.pk]),
        reverse("editing:history", args=[page.pk]),
        reverse("editing:diff", args=[page.pk]) + f"?to={revision_id}",
        reverse("accounts:profile", args=[trusted_editor.username]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode())


def test_anonymous_visitors_cannot_edit(client, bounce_article):
    for url in (
        reverse("editing:edit", args=[bounce_article.pk]),
        reverse("editing:suggest"),
    ):
        response = client.post(url, {"title": "x"})
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert bounce_article.revisions.count() == 1


def test_customers_cannot_moderate(client, bounce_article, customer, moderator):
    client.force_login(customer)
    page = ArticlePage.objects.get(pk=bounce_article.pk)
    base = edits.current_revision(page)
    client.post(reverse("editing:edit", args=[page.pk]), edit_data(page, base.pk, summary="Mine"))
    for url in (
        reverse("editing:review_queue"),
        reverse("editing:review_page", args=[page.pk]),
        reverse("editing:least_helpful"),
        reverse("editing:rollback", args=[page.pk, base.pk]),
    ):
        assert client.post(url, {"action": "approve", "comment": "ok"}).status_code == 403, url
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.summary != "Mine"  # still not approved
    assert page.live_revision_id == base.pk


def test_pages_that_are_not_live_cannot_be_edited(client, email_category, customer):
    from tests.factories import make_article

    draft = make_article(email_category, "Hidden draft", live=False)
    client.force_login(customer)
    assert client.get(reverse("editing:edit", args=[draft.pk]), follow=True).status_code == 404
    assert client.get(reverse("editing:history", args=[draft.pk]), follow=True).status_code == 404


def save(client, page, n):
    page = ArticlePage.objects.get(pk=page.pk)
    base = edits.current_revision(page)
    data = edit_data(page, base.pk, summary=f"Summary {n}", edit_summary=f"edit {n}")
    return client.post(reverse("editing:edit", args=[page.pk]), data)


def test_new_accounts_get_five_edits_an_hour(client, bounce_article, customer):
    client.force_login(customer)
    for n in range(5):
        assert save(client, bounce_article, n).status_code == 302
    response = save(client, bounce_article, 6)
    assert response.status_code == 429
    assert ArticlePage.objects.get(
        pk=bounce_article.pk
    ).get_latest_revision().as_object().summary == ("Summary 4")


def test_failed_saves_do_not_count_against_the_limit(client, bounce_article, customer):
    client.force_login(customer)
    page = ArticlePage.objects.get(pk=bounce_article.pk)
    for _attempt in range(6):
        invalid = edit_data(page, edits.current_revision(page).pk, title="")
        assert client.post(reverse("editing:edit", args=[page.pk]), invalid).status_code == 200
    assert save(client, bounce_article, 1).status_code == 302


def test_established_editors_get_more(client, bounce_article, trusted_editor):
    trusted_editor.date_joined = timezone.now() - timedelta(days=30)
    trusted_editor.save()
    client.force_login(trusted_editor)
    for n in range(7):  # their first edit is published, so they are no longer "new"
        assert save(client, bounce_article, n).status_code == 302


def test_signup_is_rate_limited_per_address(client, db):
    for n in range(5):
        client.post(reverse("accounts:signup"), {"username": f"bot{n}"})
    response = client.post(reverse("accounts:signup"), {"username": "bot6"})
    assert response.status_code == 429


def test_reports_are_rate_limited(client, bounce_article, customer):
    other = make_user("eve", "Customers")
    client.force_login(other)
    revision = bounce_article.live_revision
    for _n in range(10):
        client.post(reverse("editing:report", args=[revision.pk]), {"reason": "spam"})
    assert (
        client.post(reverse("editing:report", args=[revision.pk]), {"reason": "spam"}).status_code
        == 429
    )
