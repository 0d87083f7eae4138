"""Site search: the matcher ranks live articles of the visitor's language; queries are logged
once per visitor and day, and any string a visitor can type gives a page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.models import Site

from kb import changes, search
from kb.changes import ContentChange
from kb.highlight import highlight, snippet
from kb.models import SearchQuery, SearchSynonym
from kb.search import content_gaps
from social import article_index
from tests import factories

any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
fuzz_settings = hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def dns_article(help_center):
    dns = factories.make_category(help_center, "DNS", slug="dns")
    return factories.make_article(
        dns,
        "DNS propagation: why changes take time",
        body=[factories.paragraph("After you change a record, resolvers keep the old answer.")],
        summary="Why a DNS change is not visible everywhere at once.",
        symptoms=["my new records do not show up"],
    )


def result_titles(response):
    return [hit.article.title for hit in response.context["results"]]


@pytest.mark.django_db
def test_search_finds_article_by_a_word_of_its_body(client, bounce_article):
    response = client.get("/en/search/", {"q": "mailer-daemon"})
    assert response.status_code == 200
    assert result_titles(response) == [bounce_article.title]
    assert SearchQuery.objects.get().result_count == 1


@pytest.mark.django_db
def test_plurals_and_other_forms_find_the_article_with_highlights_and_category(
    client, bounce_article, dns_article
):
    response = client.get("/en/search/", {"q": "emails bouncing"})
    assert result_titles(response)[0] == bounce_article.title
    hit = response.context["results"][0]
    assert hit.category.title == "E-mail"
    page = response.content.decode()
    assert "<mark>bounce</mark>" in page
    assert 'class="search-result-category">E-mail<' in page
    dns = client.get("/en/search/", {"q": "dns not propagating"})
    assert result_titles(dns)[0] == dns_article.title


@pytest.mark.django_db
def test_misspelt_words_are_corrected_with_a_link_to_the_words_as_typed(client, bounce_article):
    response = client.get("/en/search/", {"q": "MX recrods"})
    assert result_titles(response) == [bounce_article.title]
    assert response.context["search"].corrected == "MX records"
    page = response.content.decode()
    assert "Showing results for <strong>MX records</strong>" in page
    assert 'href="?q=MX+recrods&amp;exact=1"' in page  # one "?": the link keeps the query
    exact = client.get("/en/search/", {"q": "recrods", "exact": "1"})
    assert result_titles(exact) == []
    assert "Results for the words exactly as typed" in exact.content.decode()


@pytest.mark.django_db
def test_query_without_result_is_a_content_gap_counted_once_per_visitor(client, bounce_article):
    response = client.get("/en/search/", {"q": "kubernetes ingress"})
    assert response.context["result_count"] == 0
    assert "Ask in the forum" in response.content.decode()
    client.get("/en/search/", {"q": "kubernetes   ingress"})
    client.get("/en/search/", {"q": "kubernetes ingress"}, REMOTE_ADDR="10.0.0.2")
    gap = content_gaps().get()
    assert (gap["query"], gap["times"], gap["language"]) == ("kubernetes ingress", 2, "en")
    assert SearchQuery.objects.count() == 2
    assert not SearchQuery.objects.filter(visitor__contains="10.0").exists()


@pytest.mark.django_db
def test_results_about_something_else_are_a_content_gap(client, bounce_article):
    response = client.get("/en/search/", {"q": "bounce quantum teleporter firmware"})
    assert result_titles(response) == [bounce_article.title]
    assert [g["query"] for g in content_gaps()] == ["bounce quantum teleporter firmware"]
    client.get("/en/search/", {"q": "mails bounce"})
    assert SearchQuery.objects.get(query="mails bounce").best_score >= search.GOOD_SCORE
    assert len(content_gaps()) == 1


@pytest.mark.django_db
def test_one_address_cannot_flood_the_gap_report(client, bounce_article):
    for n in range(search.LOGGED_PER_VISITOR_DAY + 5):
        assert client.get("/en/search/", {"q": f"nothing here {n}"}).status_code == 200
    assert SearchQuery.objects.count() == search.LOGGED_PER_VISITOR_DAY
    client.get("/en/search/", {"q": "nothing here"}, REMOTE_ADDR="10.0.0.9")
    assert SearchQuery.objects.count() == search.LOGGED_PER_VISITOR_DAY + 1


@pytest.mark.django_db
def test_site_search_is_rate_limited_per_address(client, bounce_article):
    limit = int(search.SEARCH_RATE.split("/")[0])
    statuses = [client.get("/en/search/", {"q": "bounce"}).status_code for _ in range(limit)]
    assert set(statuses) == {200}
    assert client.get("/en/search/", {"q": "bounce"}).status_code == 429
    other = client.get("/en/search/", {"q": "bounce"}, REMOTE_ADDR="10.0.0.3")
    assert other.status_code == 200


@pytest.mark.django_db
def test_search_ignores_drafts_and_falls_back_to_the_other_language_with_a_label(
    client, email_category, bounce_article
):
    factories.make_article(email_category, "Mailbox quota draft", live=False)
    assert result_titles(client.get("/en/search/", {"q": "mailbox quota"})) == []
    french = bounce_article.copy_for_translation(factories.locale("fr"), copy_parents=True)
    french.title = "Pourquoi mes e-mails reviennent-ils ?"
    factories.publish(french)
    response = client.get("/fr/search/", {"q": "reviennent"})
    assert result_titles(response) == ["Pourquoi mes e-mails reviennent-ils ?"]
    assert not response.context["search"].fell_back
    english_only = factories.make_article(
        email_category, "Webmail keyboard shortcuts", summary="Shortcuts of the webmail."
    )
    fallback = client.get("/fr/search/", {"q": "shortcuts"})
    assert result_titles(fallback) == [english_only.title]
    assert fallback.context["search"].fell_back
    assert "Aucun article" in fallback.content.decode() or "No article in your language" in (
        fallback.content.decode()
    )


@pytest.mark.django_db
def test_a_newly_published_article_is_found_at_once(client, email_category, bounce_article):
    assert result_titles(client.get("/en/search/", {"q": "greylisting"})) == []
    factories.make_article(
        email_category, "Greylisting delays", summary="Why greylisting delays new mail."
    )
    assert result_titles(client.get("/en/search/", {"q": "greylisting"})) == ["Greylisting delays"]


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
def test_suggest_completes_the_word_being_typed(client, bounce_article, dns_article):
    data = client.get("/en/search/suggest/", {"q": "bou"}).json()
    assert data["results"][0]["title"] == bounce_article.title
    assert data["results"][0]["url"] == bounce_article.url
    assert data["results"][0]["category"] == "E-mail"
    propagation = client.get("/en/search/suggest/", {"q": "dns propag"}).json()
    assert propagation["results"][0]["title"] == dns_article.title
    assert client.get("/en/search/suggest/", {"q": "b"}).json() == {"results": []}
    assert SearchQuery.objects.count() == 0


@pytest.mark.django_db
def test_search_escapes_the_query(client, bounce_article):
    response = client.get("/en/search/", {"q": "<script>alert(1)</script> bounce"})
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_highlights_are_the_only_markup():
    marked = highlight('<b onclick="x">Bounces</b> & more', {"bounc"}, "en")
    assert marked == "&lt;b onclick=&quot;x&quot;&gt;<mark>Bounces</mark>&lt;/b&gt; &amp; more"
    long_text = "Intro sentence. " * 30 + "Your MX records point to <mail>. " + "Outro. " * 30
    passage = snippet(long_text, {"record"}, "en")
    assert passage.startswith("… ") and passage.endswith(" …")
    assert "<mark>records</mark>" in passage and "&lt;mail&gt;" in passage


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ['it"s', 'say "hi', "a\x00b", "AND OR NOT", "*", "(((", "é" * 300, "\u202e", "'"]
)
def test_hostile_queries_give_a_page(client, bounce_article, query):
    assert client.get("/en/search/", {"q": query}).status_code == 200
    assert client.get("/en/search/suggest/", {"q": query}).status_code == 200


@pytest.mark.django_db
def test_any_query_gives_a_page(client, bounce_article, settings):
    settings.RATELIMIT_ENABLE = False

    @fuzz_settings
    @given(query=any_text, lang=st.sampled_from(["en", "fr"]))
    def check(query, lang):
        assert client.get(f"/{lang}/search/", {"q": query}).status_code == 200
        assert client.get(f"/{lang}/search/suggest/", {"q": query}).status_code == 200

    check()


@pytest.mark.django_db
def test_a_ranking_is_shared_with_the_other_processes(client, bounce_article, monkeypatch):
    """Another worker (here: this one with its recent searches forgotten) gets the ranking of
    the same query from the shared cache, without ranking it again."""
    first = result_titles(client.get("/en/search/", {"q": "bounced mails"}))
    assert first == [bounce_article.title]
    search.recent.clear()
    matcher = search.article_index.get_matcher()
    monkeypatch.setattr(matcher, "match", lambda *a, **k: pytest.fail("ranked again"))
    again = client.get("/en/search/", {"q": "bounced mails"})
    assert result_titles(again) == first
    assert "<mark>" in again.content.decode()  # highlighted as when it was ranked


@pytest.mark.django_db
def test_the_site_is_looked_up_once_per_host_until_a_site_changes(client, bounce_article):
    def site_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/search/", {"q": "bounce"}).status_code == 200
        return [q["sql"] for q in queries if '"wagtailcore_site"' in q["sql"]]

    site_queries()
    assert site_queries() == []  # the second request reuses the lookup
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Nimbus help"
    site.save()
    assert site_queries() != []  # a saved site is looked up again


@pytest.mark.django_db
def test_a_synonym_a_moderator_adds_in_the_admin_is_searched_at_once(
    client, help_center, moderator, customer
):
    invoices = factories.make_category(help_center, "Billing")
    article = factories.make_article(
        invoices, "Download your invoices", body=[factories.paragraph("Open Billing.")]
    )
    assert result_titles(client.get("/en/search/", {"q": "receipt"})) == []

    client.force_login(customer)
    assert client.get("/admin/snippets/kb/searchsynonym/add/").status_code in (302, 403)
    client.force_login(moderator)
    one = {"language": "en", "phrases": "receipt"}
    refused = client.post("/admin/snippets/kb/searchsynonym/add/", one)
    assert refused.status_code == 200 and "at least two" in refused.content.decode()
    added = client.post(
        "/admin/snippets/kb/searchsynonym/add/",
        {"language": "en", "phrases": " invoice ,receipt,, bill "},
    )
    assert added.status_code == 302
    assert SearchSynonym.objects.get().phrases == "invoice, receipt, bill"
    client.logout()

    found = client.get("/en/search/", {"q": "receipt"})  # the cached "no result" is not reused
    assert result_titles(found) == [article.title]
    assert "<mark>invoices</mark>" in found.content.decode()
    synonym = SearchSynonym.objects.get()
    client.force_login(moderator)
    deleted = client.post(f"/admin/snippets/kb/searchsynonym/delete/{synonym.pk}/")
    assert deleted.status_code == 302
    assert result_titles(client.get("/en/search/", {"q": "receipt"})) == []


@pytest.mark.django_db
def test_another_process_applies_a_synonym_change_it_finds_in_the_log(bounce_article):
    matcher = article_index.get_matcher()
    assert not matcher.synonyms
    # another process saved a synonym: the database and the log changed, no signal here
    SearchSynonym.objects.bulk_create([SearchSynonym(language="en", phrases="bounce, NDR")])
    ContentChange.objects.create(kind=ContentChange.Kind.SYNONYMS, object_id=0)
    before = article_index.version()
    changes.catch_up()
    assert matcher.synonyms
    assert article_index.version() != before  # rankings cached under the old version are not reused
    assert article_index.suggest_articles("got an NDR")[0][0] == bounce_article
