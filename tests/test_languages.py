"""French everywhere: the pages without /en/ or /fr/ follow the visitor, the switch keeps the
page, titles carry the translated site name, and visitors get friendly error pages."""

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.utils import translation

from kb.errors import FriendlyErrorsMiddleware
from tests import factories


def lang_of(response):
    html = response.content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def title_of(response):
    html = response.content.decode()
    return html.split("<title>", 1)[1].split("</title>", 1)[0].strip()


@pytest.fixture
def french_bounce(bounce_article):
    french = bounce_article.copy_for_translation(factories.locale("fr"), copy_parents=True)
    french.title = "Pourquoi mes e-mails rebondissent-ils ?"
    french.slug = "e-mails-rebondissent"
    return factories.publish(french)


def test_forum_wiki_and_accounts_follow_the_last_help_center_language(client, help_center):
    assert lang_of(client.get("/forum/")) == "en"
    response = client.get("/fr/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    forum = client.get("/forum/")
    assert lang_of(forum) == "fr"
    assert title_of(forum) == "Forum de la communauté · Centre d'aide Nimbus"
    assert "Cookie" in forum["Vary"]
    login = client.get("/accounts/login/")
    assert title_of(login) == "Se connecter · Centre d'aide Nimbus"
    client.get("/en/")
    assert lang_of(client.get("/accounts/signup/")) == "en"


def test_a_first_visit_follows_the_browser_language(client, help_center):
    response = client.get("/forum/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert lang_of(response) == "fr"


def test_the_switch_keeps_the_same_unprefixed_page(client, help_center):
    response = client.get("/forum/?filter=solved&lang=fr")
    assert response.status_code == 302
    assert response["Location"] == "/forum/?filter=solved"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    html = client.get("/forum/?filter=solved").content.decode()
    assert 'href="/forum/?filter=solved&amp;lang=en" lang="en"' in html
    assert client.get("/forum/?lang=xx").status_code == 200  # not a language: ignored


def test_the_switch_goes_to_the_translated_article(client, bounce_article, french_bounce):
    html = client.get(bounce_article.url).content.decode()
    assert f'href="{french_bounce.url}" lang="fr"' in html
    french_html = client.get(french_bounce.url).content.decode()
    assert f'href="{bounce_article.url}" lang="en"' in french_html
    search = client.get("/en/search/?q=bounce").content.decode()
    assert 'href="/fr/search/?q=bounce" lang="fr"' in search


def test_an_article_without_translation_switches_to_the_other_home(client, bounce_article):
    html = client.get(bounce_article.url).content.decode()
    assert 'href="/fr/" lang="fr"' in html


def test_titles_end_with_the_translated_site_name(client, bounce_article, french_bounce):
    assert title_of(client.get("/en/")) == "Nimbus Help Center"
    assert (
        title_of(client.get(bounce_article.url)) == f"{bounce_article.title} · Nimbus Help Center"
    )
    assert (
        title_of(client.get(french_bounce.url)) == f"{french_bounce.title} · Centre d'aide Nimbus"
    )
    assert title_of(client.get("/fr/")) == "Centre d'aide Nimbus"


def test_header_articles_link_goes_to_the_current_language_home(client, help_center):
    client.get("/fr/")
    html = client.get("/forum/").content.decode()
    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/fr/">Articles<' in nav


def test_favicon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/kb/favicon.ico"
    assert finders.find("kb/favicon.ico") and finders.find("kb/favicon.svg")
    assert b'rel="icon"' in client.get("/accounts/login/").content


@pytest.mark.parametrize(
    ("language", "text"), [("en", "Page not found"), ("fr", "Page introuvable")]
)
def test_friendly_404_in_both_languages_even_with_debug(
    client, help_center, settings, language, text
):
    settings.DEBUG = True
    settings.FRIENDLY_ERROR_PAGES = True
    client.get(f"/{language}/")
    for url in ("/forum/t/987654/", f"/{language}/no-such-page/", "/no-such-page/"):
        response = client.get(url, follow=True)
        assert response.status_code == 404
        assert text in response.content.decode()
        assert "URLconf" not in response.content.decode()
        assert lang_of(response) == language


def test_debug_pages_stay_for_developers_without_the_setting(client, help_center, settings):
    settings.DEBUG = True
    settings.FRIENDLY_ERROR_PAGES = False
    response = client.get("/forum/t/987654/", follow=True)
    assert response.status_code == 404 and "DEBUG = True" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"), [("en", "Something went wrong"), ("fr", "Un problème est survenu")]
)
def test_friendly_500_in_both_languages_even_with_debug(db, settings, language, text):
    settings.DEBUG = True
    settings.FRIENDLY_ERROR_PAGES = True
    request = RequestFactory().get("/forum/")
    middleware = FriendlyErrorsMiddleware(lambda request: None)
    with translation.override(language):
        response = middleware.process_exception(request, RuntimeError("boom"))
    html = response.content.decode()
    assert response.status_code == 500
    assert text in html and "boom" not in html and f'<html lang="{language}">' in html


def test_search_and_inbox_titles_end_with_the_translated_site_name(
    client, help_center, community_manager
):
    assert title_of(client.get("/fr/search/?q=dns")).endswith(" · Centre d'aide Nimbus")
    client.force_login(community_manager)
    client.get("/fr/")  # the language cookie: the inbox follows the visitor's language
    assert title_of(client.get("/social/")) == "Boîte de réception sociale · Centre d'aide Nimbus"
