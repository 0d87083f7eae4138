"""Drafted replies: the template's pieces, the language, the tracked link, the length rules."""

import pytest

from social import replies, sending
from social.models import ReplyTemplate
from social.networks import LIMITS, reply_length
from tests import factories


@pytest.fixture
def carla(db):
    return factories.make_user(
        "carla", "Community managers", first_name="Carla", last_name="Manager"
    )


def test_draft_has_handle_empathy_title_link_and_signature(kb, make_complaint, carla):
    complaint = make_complaint("my mails bounce since this morning!!", handle="bob")
    reply = sending.save_draft(complaint, carla, article=kb["bounce"])
    assert reply.text.startswith("Hi @bob,")
    assert "sorry for the trouble" in reply.text
    assert "Why do my e-mails bounce?" in reply.text
    assert replies.tracked_link(reply.token) in reply.text
    assert f"/social/r/{reply.token}/" in reply.text
    assert reply.text.endswith("^CM")
    assert reply_length(reply.text, "x") <= LIMITS["x"]


def test_french_complaint_gets_french_template(kb, make_complaint, carla):
    complaint = make_complaint(
        "Bonjour, mes mails ne partent plus, ils sont tous rejetés", handle="zoe"
    )
    assert complaint.language == "fr"
    reply = sending.save_draft(complaint, carla, article=kb["bounce"])
    assert reply.text.startswith("Bonjour @zoe,")
    assert "Ce guide devrait vous aider" in reply.text


def test_template_edited_by_moderators_is_used(kb, make_complaint, carla):
    ReplyTemplate.objects.filter(language="en").update(greeting="Hey {handle}!")
    complaint = make_complaint("my mails bounce", handle="bob")
    assert sending.save_draft(complaint, carla, article=kb["bounce"]).text.startswith("Hey @bob!")


def test_too_long_draft_drops_summary_then_shortens_title_never_link_or_handle(
    email_category, make_complaint, carla
):
    article = factories.make_article(
        email_category,
        "Why " + "very " * 30 + "long titles about bouncing e-mails are hard to tweet",
        summary="A summary that is long enough to matter. " * 4,
        symptoms=["mails bounce"],
    )
    handle = "someone_with_a_long_name"
    complaint = make_complaint("my mails bounce", handle=handle)
    reply = sending.save_draft(complaint, carla, article=article)
    assert reply_length(reply.text, "x") <= 280
    assert "A summary that is long" not in reply.text
    assert "…" in reply.text
    assert f"@{handle}" in reply.text
    assert replies.tracked_link(reply.token) in reply.text
    assert reply.text.endswith("^CM")


def test_summary_kept_when_it_fits(kb, make_complaint, carla):
    complaint = make_complaint("my mails bounce", handle="bob")
    reply = sending.save_draft(complaint, carla, article=kb["bounce"])
    assert "What a bounce notice means" in reply.text


def test_mastodon_allows_a_longer_reply_than_x(email_category, make_complaint, carla):
    article = factories.make_article(
        email_category,
        "Bounces " + "and more " * 20,
        summary="Summary words " * 10,
        symptoms=["mails bounce"],
    )
    on_x = sending.save_draft(make_complaint("mails bounce", network="x"), carla, article=article)
    on_mastodon = sending.save_draft(
        make_complaint("mails bounce", network="mastodon", handle="al@mastodon.social"),
        carla,
        article=article,
    )
    assert "Summary words" not in on_x.text
    assert "Summary words" in on_mastodon.text
    assert reply_length(on_mastodon.text, "mastodon") <= 500
    assert on_mastodon.text.startswith("Hi @al@mastodon.social,")


def test_private_reply_invites_a_dm(kb, make_complaint, carla):
    complaint = make_complaint("charged twice, my card 4970...", handle="bob")
    reply = sending.save_draft(complaint, carla, kind="private")
    assert reply.text.startswith("Hi @bob,")
    assert "private message" in reply.text
    assert reply.article is None
