"""Sign up, log in, password reset by e-mail, public profiles."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from kb import roles
from kb.accounts.profile import profile_sections


def test_signup_makes_a_logged_in_customer(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "password1": "a-long-Passphrase-9",
            "password2": "a-long-Passphrase-9",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="newbie")
    assert roles.in_group(user, roles.CUSTOMERS)
    assert not roles.is_trusted_editor(user) and not user.is_staff
    assert client.get("/en/").context["user"] == user


def test_signup_errors_keep_what_was_typed(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "newbie", "email": "not-an-address", "password1": "x", "password2": "y"},
    )
    assert response.status_code == 200
    assert 'value="newbie"' in response.content.decode()
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_log_in_and_out(client, customer):
    response = client.post(
        reverse("accounts:login"), {"username": "carol", "password": "pass-for-tests-123"}
    )
    assert response.status_code == 302
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not client.get("/en/").context["user"].is_authenticated


def test_password_reset_by_email(client, customer):
    client.post(reverse("accounts:password_reset"), {"email": customer.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body)[1]
    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Another-long-pass-42", "new_password2": "Another-long-pass-42"},
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.check_password("Another-long-pass-42")


def test_profile_lists_edits_and_accepts_extra_sections(client, customer, bounce_article):
    from kb.editing import edits
    from kb.editing.edits import ArticleChanges

    edits.submit_edit(
        bounce_article,
        customer,
        ArticleChanges(
            title=bounce_article.title,
            summary="Better summary",
            body="Short body.",
            tags=["email"],
            symptoms="",
            edit_summary="Shorten the article",
        ),
        edits.current_revision(bounce_article).pk,
    )

    def forum_answers(sender, user, viewer, **kwargs):
        return {
            "title": "Forum answers",
            "template": "editing/_least_helpful_table.html",
            "context": {},
        }

    profile_sections.connect(forum_answers)
    try:
        html = client.get(reverse("accounts:profile", args=["carol"])).content.decode()
    finally:
        profile_sections.disconnect(forum_answers)
    assert "Shorten the article" in html and bounce_article.title in html
    assert "Waiting for review" in html
    assert "Forum answers" in html and "No article was marked unhelpful yet." in html
    assert "Withdraw" not in html  # only the author sees it


def test_unknown_profile_is_404(client, db):
    assert client.get(reverse("accounts:profile", args=["nobody"]), follow=True).status_code == 404
