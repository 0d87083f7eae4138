"""Anonymous pages come from the page cache, purged by publishing and forum posts; logged-in
visitors and CSRF-protected forms stay correct; reads are counted in batches."""

import re

import pytest
from django.test import Client

from kb import read_counts
from kb.forum import services
from kb.forum.models import ForumSection
from kb.models import ArticleReadCount, SearchQuery
from tests import factories


def without_csrf_tokens(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def csrf_token_in(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


@pytest.mark.django_db
def test_second_anonymous_visit_is_served_from_the_cache(
    client, bounce_article, django_assert_num_queries
):
    first = client.get(bounce_article.url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = Client().get(bounce_article.url)
    assert second.status_code == 200
    assert without_csrf_tokens(second) == without_csrf_tokens(first)
    assert "Why do my e-mails bounce?" in second.content.decode()


@pytest.mark.django_db
def test_publishing_purges_the_cached_page(client, bounce_article):
    assert "Why do my e-mails bounce?" in client.get(bounce_article.url).content.decode()
    bounce_article.title = "Mail returned to sender"
    factories.publish(bounce_article)
    page = Client().get(bounce_article.url).content.decode()
    assert "Mail returned to sender" in page
    assert "Why do my e-mails bounce?" not in page


@pytest.mark.django_db
def test_unpublishing_purges_the_cached_page(bounce_article, email_category):
    assert "Why do my e-mails bounce?" in Client().get(email_category.url).content.decode()
    url = bounce_article.url
    bounce_article.unpublish()
    assert Client().get(url).status_code == 404
    assert "Why do my e-mails bounce?" not in Client().get(email_category.url).content.decode()


@pytest.mark.django_db
def test_logged_in_visitors_get_their_own_page(client, bounce_article, customer):
    Client().get(bounce_article.url)  # cached for anonymous visitors
    client.force_login(customer)
    page = client.get(bounce_article.url).content.decode()
    assert 'class="whoami"' in page and customer.get_username() in page
    anonymous = Client().get(bounce_article.url).content.decode()
    assert customer.get_username() not in anonymous
    assert "Log in" in anonymous


@pytest.mark.django_db
def test_a_cached_form_carries_each_visitor_own_csrf_token(bounce_article):
    Client().get(bounce_article.url)
    visitor = Client(enforce_csrf_checks=True)
    cached = visitor.get(bounce_article.url)
    token = csrf_token_in(cached)
    assert "\x00" not in cached.content.decode()
    assert visitor.cookies["csrftoken"].value
    other = Client(enforce_csrf_checks=True)
    assert csrf_token_in(other.get(bounce_article.url)) != token
    response = visitor.post(
        f"/wiki/feedback/{bounce_article.pk}/", {"helpful": "yes", "csrfmiddlewaretoken": token}
    )
    assert response.status_code in (200, 302)
    forged = Client(enforce_csrf_checks=True).post(
        f"/wiki/feedback/{bounce_article.pk}/", {"helpful": "yes", "csrfmiddlewaretoken": token}
    )
    assert forged.status_code == 403


@pytest.mark.django_db
def test_searches_and_other_query_strings_are_not_cached(client, bounce_article):
    client.get("/en/search/", {"q": "bounce"})
    again = client.get("/en/search/", {"q": "bounce"})
    assert again.context is not None  # rendered by the view, not served from the cache
    assert bounce_article.url in again.content.decode()
    assert SearchQuery.objects.count() == 1  # logged once per visitor and day


@pytest.mark.django_db
def test_reads_are_counted_for_cached_pages_in_one_batch(bounce_article):
    for _ in range(3):
        Client().get(bounce_article.url)
    assert not ArticleReadCount.objects.exists()  # nothing written on the request path
    assert read_counts.flush() == 3
    assert ArticleReadCount.objects.get(page=bounce_article).count == 3
    Client().get(bounce_article.url)
    read_counts.flush()
    assert ArticleReadCount.objects.get(page=bounce_article).count == 4


@pytest.mark.django_db
def test_a_new_forum_reply_purges_the_topic_page(moderator, django_assert_num_queries):
    section = ForumSection.objects.create(name="General", slug="general", order=9)
    topic = services.create_topic(moderator, section, "Cache me", "First post.")
    url = f"/forum/t/{topic.pk}/"
    assert "A brand new answer" not in Client().get(url).content.decode()
    with django_assert_num_queries(0):
        assert "Cache me" in Client().get(url).content.decode()
    services.add_reply(moderator, topic, "A brand new answer")
    assert "A brand new answer" in Client().get(url).content.decode()
    assert Client().get("/forum/").content.decode().count("Cache me") == 1


@pytest.mark.django_db
def test_the_header_finds_the_home_once_until_pages_change(
    help_center, django_assert_max_num_queries
):
    def brand_link():
        page = Client().get("/en/search/", {"q": "bounce"}).content.decode()
        return re.search(r'class="brand" href="([^"]*)"', page)[1]

    assert brand_link() == "/en/"
    with django_assert_max_num_queries(20) as queries:
        brand_link()
    assert not [q for q in queries.captured_queries if "kb_helpcenterpage" in q["sql"]]
    help_center.unpublish()
    assert brand_link() == "/"
