"""A reader switches language and stays on the same page, writes with a live preview, and uses
the "me too" and "follow" toggles."""

import pytest

from kb.forum import services
from kb.forum.models import ForumSection, MeToo
from tests import factories
from tests.browser.conftest import log_in
from tests.forum.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_language_switch_preview_and_toggles(browser_page, screenshot, bounce_article, moderator):
    page = browser_page
    french = bounce_article.copy_for_translation(factories.locale("fr"), copy_parents=True)
    french.title = "Pourquoi mes e-mails rebondissent-ils ?"
    french.slug = "e-mails-rebondissent"
    factories.publish(french)
    section = ForumSection.objects.create(name="E-mail", slug="email")
    welcome = services.create_topic(moderator, section, "Welcome to the forum", "Say hi!")
    carol = make_member("carol", welcome)
    topic = services.create_topic(moderator, section, "Mails bounce since Monday", "Help!")
    for n in range(3):
        MeToo.objects.create(topic=topic, user=make_member(f"other{n}", welcome))

    # The switch leads to the translated article, then the forum follows in French.
    page.goto(bounce_article.url)
    page.locator(".lang-switch").get_by_role("link", name="FR").click()
    page.wait_for_url(f"**{french.url}")
    assert page.locator("h1").inner_text() == french.title
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Forum").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Forum de la communauté"
    page.goto(topic.get_absolute_url())
    page.locator(".lang-switch").get_by_role("link", name="EN").click()
    page.wait_for_url(f"**{topic.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == topic.title

    # "I have this problem too" is a toggle that shows its state and the count.
    log_in(page, "carol")
    page.goto(topic.get_absolute_url())
    me_too = page.get_by_role("button", name="I have this problem too")
    assert me_too.get_attribute("aria-pressed") == "false"
    me_too.click()
    me_too = page.get_by_role("button", name="I have this problem too")
    assert me_too.get_attribute("aria-pressed") == "true"
    assert page.locator("#me-too-count").inner_text() == "You and 3 others have this problem"
    assert MeToo.objects.filter(topic=topic, user=carol).exists()

    # The reply box previews the Markdown as it will be posted.
    reply = page.get_by_label("Your reply")
    reply.press_sequentially("Same here, **since Monday**", delay=10)
    page.locator(".markdown-preview strong").wait_for()
    assert page.locator(".markdown-preview strong").inner_text() == "since Monday"

    # Following an article.
    page.goto(bounce_article.url)
    follow = page.get_by_role("button", name="Follow this article")
    assert follow.get_attribute("aria-pressed") == "false"
    follow.click()
    follow = page.get_by_role("button", name="Follow this article")
    assert follow.get_attribute("aria-pressed") == "true"

    # The wiki editor previews the article body with the article's own blocks.
    page.goto(f"/wiki/edit/{bounce_article.pk}/")
    body = page.get_by_label("Article")
    body.fill("## Check the bounce\n\n1. Open the message\n2. Read the code")
    body.press("End")
    page.locator(".markdown-preview ol.steps li").nth(1).wait_for()
    assert page.locator(".markdown-preview h2").inner_text() == "Check the bounce"
    screenshot(page, "wiki-preview")
