"""Forum search and the Ask box rank topics with the matcher (stemming, typos), suggest open
topics about the same problem too, in the visitor's language, and survive any input."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from kb.forum import moderation, services
from kb.forum.models import ForumSection
from tests.forum.conftest import login
from tests.test_search import any_text, fuzz_settings


@pytest.fixture
def hosting_topics(member, other_member):
    hosting = ForumSection.objects.create(name="Hosting", slug="hosting", order=2)
    gateway = services.create_topic(
        member,
        hosting,
        "Site shows 502 Bad Gateway after deploy",
        "Since my deploy this morning every page answers 502 Bad Gateway.",
    )
    renewal = services.create_topic(
        other_member,
        hosting,
        "Can I pay my renewals by bank transfer?",
        "My company does not use cards. Is a bank transfer possible for domain renewals?",
    )
    answer = services.add_reply(member, renewal, "Yes, ask billing for the bank details.")
    services.mark_solution(renewal, answer)
    return gateway, renewal


def topic_titles(client, **params):
    return [t.title for t in client.get(reverse("forum:index"), params).context["topics"]]


def test_forum_search_stems_and_corrects_typos(client, topic, hosting_topics):
    assert topic_titles(client, q="bounces") == ["My mails bounce since Monday"]
    assert topic_titles(client, q="bouncing mail")[0] == "My mails bounce since Monday"
    assert topic_titles(client, q="gatway")[0] == "Site shows 502 Bad Gateway after deploy"
    assert topic_titles(client, q="kubernetes") == []


def test_forum_search_follows_moderation(client, topic, moderator):
    assert topic_titles(client, q="bounce") == ["My mails bounce since Monday"]
    moderation.hide_post(topic.question, moderator, "spam")
    assert topic_titles(client, q="bounce") == []


def test_ask_suggests_open_and_solved_topics_about_the_same_problem(client, member, hosting_topics):
    gateway, renewal = hosting_topics
    login(client, member)
    url = reverse("forum:ask_suggest")
    site = client.get(url, {"q": "my site shows 502 bad gateway"}).json()
    assert [(t["title"], t["solved"]) for t in site["topics"]] == [(gateway.title, False)]
    renew = client.get(url, {"q": "how do I renew my domain"}).json()
    assert [(t["title"], t["solved"]) for t in renew["topics"]] == [(renewal.title, True)]


def test_ask_suggests_topics_in_the_visitors_language(client, member, email_section):
    french = services.create_topic(
        member, email_section, "Mes mails reviennent tous", "Je ne peux plus envoyer de mails."
    )
    english = services.create_topic(
        member, email_section, "My mails come back", "I can no longer send any mails."
    )
    login(client, member)

    def suggested(query):
        data = client.get(reverse("forum:ask_suggest"), {"q": query}).json()
        return [t["title"] for t in data["topics"]]

    assert suggested("mails come back") == [english.title]
    client.cookies["django_language"] = "fr"
    assert suggested("mails reviennent") == [french.title]


def test_forum_search_is_rate_limited_per_address(client, topic):
    for _ in range(60):
        assert client.get(reverse("forum:index"), {"q": "bounce"}).status_code == 200
    assert client.get(reverse("forum:index"), {"q": "bounce"}).status_code == 429


@pytest.mark.parametrize("query", ['it"s', 'say "hi', "a\x00b", "AND (", "*", "\u202e"])
def test_hostile_queries_give_a_page(client, member, topic, query):
    assert client.get(reverse("forum:index"), {"q": query}).status_code == 200
    login(client, member)
    assert client.get(reverse("forum:ask_suggest"), {"q": query}).status_code == 200


def test_any_query_gives_a_page(client, member, topic, settings):
    settings.RATELIMIT_ENABLE = False
    login(client, member)

    @fuzz_settings
    @given(query=any_text, section=st.sampled_from(["", "email"]))
    def check(query, section):
        url = reverse("forum:section", args=[section]) if section else reverse("forum:index")
        assert client.get(url, {"q": query}).status_code == 200
        assert client.get(reverse("forum:ask_suggest"), {"q": query}).status_code == 200

    check()
