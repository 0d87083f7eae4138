"""The CM inbox over HTTP: permissions, escaping, the queue and every action."""

import json

import pytest
from django.urls import reverse

from social.models import Complaint, LinkClick, Reply

pytestmark = pytest.mark.django_db
PASSWORD = "pass-for-tests-123"


@pytest.fixture
def cm_client(client, community_manager):
    client.login(username=community_manager.username, password=PASSWORD)
    return client


def open_draft(client, complaint):
    """Draft from the top suggestion, as the CM does with "Use this article" (key 1)."""
    article = complaint.top_suggestion().article_id
    client.post(reverse("social:use_article", args=[complaint.pk]), {"article": article})
    return Reply.objects.get(complaint=complaint)


@pytest.fixture
def complaint(kb, make_complaint):
    return make_complaint("my mails bounce since yesterday", handle="bob", minutes_ago=90)


def test_only_community_managers_see_the_inbox(client, customer, moderator, complaint):
    urls = [
        reverse("social:inbox"),
        reverse("social:complaint", args=[complaint.pk]),
        reverse("social:metrics"),
        reverse("social:gaps"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    client.login(username=customer.username, password=PASSWORD)
    for url in urls:
        assert client.get(url).status_code == 403
    response = client.post(reverse("social:save_reply", args=[complaint.pk]), {"action": "send"})
    assert response.status_code == 403
    assert not Reply.objects.exists()
    client.login(username=moderator.username, password=PASSWORD)
    for url in urls:
        assert client.get(url).status_code == 200


def test_queue_shows_oldest_first_with_sla_and_filters(cm_client, kb, make_complaint, complaint):
    recent = make_complaint("502 bad gateway", handle="eve", minutes_ago=5)
    french = make_complaint("mes mails rebondissent tous", handle="zoe", minutes_ago=3)
    page = cm_client.get(reverse("social:inbox")).content.decode()
    assert page.index("@bob") < page.index("@eve")
    assert "over 1 h" in page  # bob waits 90 minutes
    page = cm_client.get(reverse("social:inbox") + "?language=fr").content.decode()
    assert "@zoe" in page and "@bob" not in page
    page = cm_client.get(reverse("social:inbox") + "?status=replied").content.decode()
    assert "@bob" not in page
    cm_client.post(reverse("social:assign", args=[recent.pk]))
    page = cm_client.get(reverse("social:inbox") + "?mine=1").content.decode()
    assert "@eve" in page and "@bob" not in page
    assert french.pk


def test_complaint_text_with_script_is_shown_as_text(cm_client, make_complaint, kb):
    evil = make_complaint('<script>alert("x")</script><img src=x onerror=alert(1)> bounce')
    for url in (reverse("social:inbox"), reverse("social:complaint", args=[evil.pk])):
        page = cm_client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert" in page


def test_open_complaint_proposes_a_draft_from_the_top_suggestion_and_sends(
    cm_client, complaint, kb
):
    page = cm_client.get(reverse("social:complaint", args=[complaint.pk])).content.decode()
    assert not Reply.objects.exists()  # the page proposes; nothing is written on GET
    assert "Why do my e-mails bounce?" in page and "Use this article" in page
    cm_client.post(reverse("social:use_article", args=[complaint.pk]), {"article": kb["bounce"].pk})
    reply = Reply.objects.get(complaint=complaint)
    assert reply.article == kb["bounce"] and reply.state == "draft"
    text = reply.text.replace("sorry for the trouble", "so sorry")
    response = cm_client.post(
        reverse("social:save_reply", args=[complaint.pk]),
        {"text": text, "action": "send"},
        follow=True,
    )
    assert "Reply sent to @bob." in response.content.decode()
    reply.refresh_from_db()
    assert reply.state == "sent" and reply.text == text
    assert reply.backend == "outbox"
    assert Complaint.objects.get(pk=complaint.pk).status == "replied"


def test_pick_another_article_and_reject_a_suggestion(cm_client, complaint, kb):
    cm_client.post(reverse("social:use_article", args=[complaint.pk]), {"article": kb["outage"].pk})
    reply = Reply.objects.get(complaint=complaint)
    assert reply.article == kb["outage"] and "502 Bad Gateway" in reply.text
    top = complaint.top_suggestion()
    cm_client.post(reverse("social:reject", args=[complaint.pk, top.pk]))
    top.refresh_from_db()
    assert top.rejected_at is not None
    assert complaint.top_suggestion() != top
    found = cm_client.get(reverse("social:article_search") + "?q=gateway").json()["results"]
    assert found[0]["id"] == kb["outage"].pk


def test_move_to_private_ignore_and_spam(cm_client, kb, make_complaint):
    private = make_complaint("charge twice on my card!!", handle="ann")
    cm_client.post(reverse("social:private", args=[private.pk]))
    reply = Reply.objects.get(complaint=private)
    assert reply.kind == "private"
    cm_client.post(
        reverse("social:save_reply", args=[private.pk]), {"text": reply.text, "action": "send"}
    )
    assert Complaint.objects.get(pk=private.pk).status == "private"

    ignored = make_complaint("lol nimbus", handle="joker")
    response = cm_client.post(reverse("social:status", args=[ignored.pk]), {"status": "ignored"})
    assert Complaint.objects.get(pk=ignored.pk).status == "new"  # a reason is required
    cm_client.post(
        reverse("social:status", args=[ignored.pk]), {"status": "ignored", "reason": "a joke"}
    )
    ignored.refresh_from_db()
    assert ignored.status == "ignored" and ignored.ignore_reason == "a joke"
    cm_client.post(reverse("social:status", args=[ignored.pk]), {"status": "spam"})
    assert Complaint.objects.get(pk=ignored.pk).status == "spam"
    assert response.status_code == 302


def test_length_endpoint_is_the_one_counter(cm_client, client):
    url = reverse("social:length") + "?network=x"
    text = "Hi @bob, see https://example.com/a/very/long/path/that/is/long 😀"
    data = cm_client.post(url, json.dumps({"text": text}), content_type="application/json").json()
    assert data == {"length": 9 + 4 + 23 + 1 + 2, "limit": 280, "fits": True}
    bad = cm_client.post(reverse("social:length") + "?network=myspace", "{}", "application/json")
    assert bad.status_code == 400
    client.logout()
    assert client.post(url, "{}", content_type="application/json").status_code == 302


def test_tracked_link_counts_clicks_and_only_goes_to_the_article(client, cm_client, complaint):
    open_draft(cm_client, complaint)
    reply = Reply.objects.get(complaint=complaint)
    url = reverse("social:click", args=[reply.token])
    assert client.get(url).status_code == 302
    assert LinkClick.objects.count() == 0  # a draft's link counts nothing
    cm_client.post(
        reverse("social:save_reply", args=[complaint.pk]), {"text": reply.text, "action": "send"}
    )
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reply.article.url + "?ref=social"
    assert LinkClick.objects.filter(reply=reply).count() == 1
    assert client.get(reverse("social:click", args=["nope"]), follow=True).status_code == 404


def test_moderator_writes_an_article_from_a_content_gap(client, moderator, make_complaint, kb):
    gap = make_complaint("quantum teleporter firmware crashes on linux", handle="lin")
    assert gap.top_suggestion() is None or not gap.top_suggestion().confident
    client.login(username=moderator.username, password=PASSWORD)
    page = client.get(reverse("social:gaps")).content.decode()
    assert "quantum teleporter firmware crashes" in page
    category = kb["bounce"].get_parent()
    response = client.post(
        reverse("social:write_article"),
        {"complaint": [gap.pk], "category": category.pk, "title": "Nimbus Drive on Linux"},
    )
    assert response.status_code == 302
    from kb.models import ArticlePage

    article = ArticlePage.objects.get(title="Nimbus Drive on Linux")
    assert not article.live
    assert "quantum teleporter firmware crashes on linux" in article.symptoms
    assert article.latest_revision.user == moderator
    assert article.get_workflow() is not None  # Wagtail's default one, on the root page
    assert article.workflow_in_progress  # submitted for moderation


def test_community_manager_cannot_write_gap_articles(cm_client, make_complaint, kb):
    gap = make_complaint("nimbus drive sync on linux?")
    category = kb["bounce"].get_parent()
    response = cm_client.post(
        reverse("social:write_article"),
        {"complaint": [gap.pk], "category": category.pk, "title": "x"},
    )
    assert response.status_code == 403


def test_metrics_page_shows_numbers(cm_client, complaint):
    reply = open_draft(cm_client, complaint)
    cm_client.post(
        reverse("social:save_reply", args=[complaint.pk]), {"text": reply.text, "action": "send"}
    )
    page = cm_client.get(reverse("social:metrics")).content.decode()
    assert "Why do my e-mails bounce?" in page
    assert "100 %" in page  # top suggestion accepted


def test_web_intent_reply_is_posted_by_the_cm_then_confirmed(cm_client, complaint, monkeypatch):
    monkeypatch.setenv("SOCIAL_BACKEND", "web_intent")
    reply = open_draft(cm_client, complaint)
    cm_client.post(
        reverse("social:save_reply", args=[complaint.pk]), {"text": reply.text, "action": "send"}
    )
    reply.refresh_from_db()
    assert reply.state == "sending" and reply.backend == "web_intent"
    page = cm_client.get(reverse("social:complaint", args=[complaint.pk])).content.decode()
    assert "https://x.com/intent/post?in_reply_to=" + complaint.external_id in page
    cm_client.post(reverse("social:confirm_posted", args=[complaint.pk]))
    reply.refresh_from_db()
    assert reply.state == "sent" and reply.external_id == f"intent:{reply.token}"
    assert Complaint.objects.get(pk=complaint.pk).status == "replied"


def test_preview_shows_the_mastodon_mention_the_backend_adds(cm_client, kb, make_complaint):
    toot = make_complaint("my mails bounce", network="mastodon", handle="al@fosstodon.org")
    open_draft(cm_client, toot)
    cm_client.post(
        reverse("social:save_reply", args=[toot.pk]),
        {"text": "Thanks, see our guide ^CM", "action": "save"},
    )
    page = cm_client.get(reverse("social:complaint", args=[toot.pk])).content.decode()
    assert "@al@fosstodon.org Thanks, see our guide ^CM</p>" in page


def test_second_approval_through_the_inbox(client, community_manager, moderator, complaint):
    from social.models import Guardrails

    settings = Guardrails.load()
    settings.approval_below = 5
    settings.save()
    client.login(username=community_manager.username, password=PASSWORD)
    page = client.get(reverse("social:complaint", args=[complaint.pk])).content.decode()
    assert "Another community manager must approve" in page
    reply = open_draft(client, complaint)
    url = reverse("social:save_reply", args=[complaint.pk])
    client.post(url, {"text": reply.text, "action": "send"})
    assert Reply.objects.get(pk=reply.pk).state == "draft"

    client.login(username=moderator.username, password=PASSWORD)
    client.post(url, {"text": reply.text, "action": "approve"})
    reply.refresh_from_db()
    assert reply.state == "approved" and reply.approved_by == moderator
    assert reply.author == community_manager  # approving does not take authorship

    client.login(username=community_manager.username, password=PASSWORD)
    client.post(url, {"text": reply.text, "action": "send"})
    assert Reply.objects.get(pk=reply.pk).state == "sent"
