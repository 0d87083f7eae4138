"""Site search: finds live articles of the visitor's language and logs every query."""

import pytest

from kb.models import SearchQuery
from kb.search import content_gaps
from tests import factories


@pytest.mark.django_db
def test_search_finds_article_by_a_word_of_its_body(client, bounce_article):
    response = client.get("/en/search/", {"q": "mailer-daemon"})
    assert response.status_code == 200
    assert [a.title for a in response.context["results"]] == [bounce_article.title]
    assert SearchQuery.objects.get().result_count == 1


@pytest.mark.django_db
def test_query_without_result_is_logged_as_content_gap(client, bounce_article):
    response = client.get("/en/search/", {"q": "kubernetes ingress"})
    assert response.context["result_count"] == 0
    assert "Ask in the forum" in response.content.decode()
    client.get("/en/search/", {"q": "kubernetes   ingress"})
    gap = content_gaps().get()
    assert (gap["query"], gap["times"], gap["language"]) == ("kubernetes ingress", 2, "en")


@pytest.mark.django_db
def test_search_ignores_drafts_and_other_languages(client, email_category, bounce_article):
    factories.make_article(email_category, "Mailbox quota draft", live=False)
    french = bounce_article.copy_for_translation(factories.locale("fr"), copy_parents=True)
    french.title = "Pourquoi mes e-mails reviennent-ils ?"
    factories.publish(french)
    titles = [a.title for a in client.get("/en/search/", {"q": "mailbox"}).context["results"]]
    assert titles == []
    fr_titles = [a.title for a in client.get("/fr/search/", {"q": "reviennent"}).context["results"]]
    assert fr_titles == ["Pourquoi mes e-mails reviennent-ils ?"]


@pytest.mark.django_db
def test_search_paginates_and_logs_once(client, email_category):
    for n in range(12):
        factories.make_article(email_category, f"Webmail tip {n}", summary="A webmail tip.")
    first = client.get("/en/search/", {"q": "webmail"})
    assert first.context["result_count"] == 12
    assert len(first.context["results"]) == 10
    assert 'rel="next" href="?q=webmail&amp;page=2"' in first.content.decode()
    second = client.get("/en/search/", {"q": "webmail", "page": "2"})
    assert len(second.context["results"]) == 2
    assert SearchQuery.objects.count() == 1


@pytest.mark.django_db
def test_autocomplete_returns_titles_as_json(client, bounce_article):
    data = client.get("/en/search/suggest/", {"q": "bou"}).json()
    assert data["results"][0]["title"] == bounce_article.title
    assert data["results"][0]["url"] == bounce_article.url
    assert client.get("/en/search/suggest/", {"q": "b"}).json() == {"results": []}


@pytest.mark.django_db
def test_search_escapes_the_query(client, bounce_article):
    response = client.get("/en/search/", {"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()


@pytest.mark.django_db
def test_moderators_see_search_gaps_in_the_admin(client, moderator, customer, bounce_article):
    client.get("/en/search/", {"q": "kubernetes ingress"})
    client.force_login(customer)
    assert client.get("/admin/reports/search-gaps/").status_code in (302, 403)
    client.force_login(moderator)
    response = client.get("/admin/reports/search-gaps/")
    assert response.status_code == 200
    assert "kubernetes ingress" in response.content.decode()
    export = client.get("/admin/reports/search-gaps/", {"export": "csv"})
    assert b"kubernetes ingress,en,1" in b"".join(export.streaming_content)
