"""Ask with deflection: suggestions while typing, the click log, and the asked/deflected stats."""

from django.urls import reverse

from kb.forum import deflection, services
from kb.forum.models import AskAttempt
from tests import factories
from tests.forum.conftest import login


def test_typing_my_mails_bounce_suggests_the_bounce_article(client, member, bounce_article):
    login(client, member)
    data = client.get(reverse("forum:ask_suggest"), {"q": "my mails bounce"}).json()
    assert data["articles"][0]["title"] == "Why do my e-mails bounce?"
    attempt = AskAttempt.objects.get()
    assert attempt.query == "my mails bounce" and attempt.user == member
    assert bounce_article.pk in attempt.shown_articles
    assert data["articles"][0]["url"] == reverse(
        "forum:ask_go", args=[attempt.pk, "article", bounce_article.pk]
    )


def test_short_or_unmatched_queries_record_nothing(client, member, bounce_article):
    login(client, member)
    assert client.get(reverse("forum:ask_suggest"), {"q": "my"}).json() == {
        "articles": [],
        "topics": [],
    }
    assert not AskAttempt.objects.exists()


def test_open_and_solved_topics_are_suggested(client, topic, other_member, bounce_article):
    answer = services.add_reply(other_member, topic, "Your mailbox was full.")
    data = client.get(reverse("forum:ask_suggest"), {"q": "mails bounce"}).json()
    assert [(t["title"], t["solved"]) for t in data["topics"]] == [
        ("My mails bounce since Monday", False)
    ]
    services.mark_solution(topic, answer)
    data = client.get(reverse("forum:ask_suggest"), {"q": "mails bounce"}).json()
    assert [(t["title"], t["solved"]) for t in data["topics"]] == [
        ("My mails bounce since Monday", True)
    ]


def test_opening_a_suggestion_and_leaving_is_a_deflected_question(client, member, bounce_article):
    login(client, member)
    data = client.get(reverse("forum:ask_suggest"), {"q": "my mails bounce"}).json()
    response = client.get(data["articles"][0]["url"])
    assert response.status_code == 302
    assert response["Location"] == bounce_article.url
    attempt = AskAttempt.objects.get()
    assert attempt.clicked_article_id == bounce_article.pk and attempt.deflected
    assert deflection.stats() == {"asked": 1, "posted": 0, "deflected": 1}


def test_posting_after_suggestions_is_not_deflected(client, member, email_section, bounce_article):
    login(client, member)
    data = client.get(reverse("forum:ask_suggest"), {"q": "my mails bounce"}).json()
    client.get(data["articles"][0]["url"])
    client.post(
        reverse("forum:ask"),
        {"title": "My mails bounce again", "section": email_section.pk, "body": "Still."},
    )
    attempt = AskAttempt.objects.get()
    assert attempt.topic.title == "My mails bounce again" and not attempt.deflected
    assert deflection.stats() == {"asked": 1, "posted": 1, "deflected": 0}
    login(client, member)
    # The next visit to Ask starts a new attempt.
    client.get(reverse("forum:ask_suggest"), {"q": "my mails bounce"})
    assert AskAttempt.objects.count() == 2


def test_someone_elses_attempt_is_not_recorded(client, member, bounce_article):
    login(client, member)
    client.get(reverse("forum:ask_suggest"), {"q": "my mails bounce"})
    attempt = AskAttempt.objects.get()
    client.logout()
    response = client.get(reverse("forum:ask_go", args=[attempt.pk, "article", bounce_article.pk]))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.clicked_at is None


def test_go_only_leads_to_live_pages(client, member, email_category):
    draft = factories.make_article(email_category, "Draft answer", live=False)
    login(client, member)
    # (A 404 outside the language prefix is redirected by LocaleMiddleware, then 404s.)
    for url in (
        reverse("forum:ask_go", args=[1, "article", draft.pk]),
        reverse("forum:ask_go", args=[1, "elsewhere", 1]),
    ):
        assert client.get(url, follow=True).status_code == 404


def test_ask_page_has_a_live_region_and_the_script(client, member, email_section):
    login(client, member)
    page = client.get(reverse("forum:ask"), {"q": "my mails bounce"}).content.decode()
    assert 'id="ask-suggestions" aria-live="polite"' in page
    assert "forum/ask.js" in page
    assert 'value="my mails bounce"' in page


def test_stats_line_on_the_moderation_page(client, moderator, member, bounce_article):
    login(client, member)
    data = client.get(reverse("forum:ask_suggest"), {"q": "my mails bounce"}).json()
    client.get(data["articles"][0]["url"])
    login(client, moderator)
    page = client.get(reverse("forum:moderation")).content.decode()
    assert "Questions typed in “Ask”: 1 · posted: 0 · deflected by a suggestion: 1" in page
