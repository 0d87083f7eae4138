"""Forum journey: a customer is deflected by a suggested article; another posts; a moderator
hides a spam reply."""

import pytest

from kb.forum import services
from kb.forum.models import AskAttempt, ForumSection, ModerationLog, Post
from tests.browser.conftest import log_in
from tests.forum.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_deflection_posting_and_hiding_spam(browser_page, screenshot, bounce_article, moderator):
    page = browser_page
    section = ForumSection.objects.create(name="E-mail", slug="email")
    welcome = services.create_topic(moderator, section, "Welcome to the forum", "Say hi!")
    carol = make_member("carol", welcome)
    make_member("dave", welcome)
    spammer = make_member("spammy", welcome)

    # A customer starts typing a question and is shown the article that answers it.
    log_in(page, "carol")
    page.goto("/forum/")
    page.get_by_role("link", name="Ask a question").click()
    page.get_by_label("Your question").press_sequentially("my mails bounce", delay=40)
    suggestion = page.locator("#ask-suggestions").get_by_role(
        "link", name="Why do my e-mails bounce?"
    )
    suggestion.wait_for()
    screenshot(page, "forum-ask-suggestions")
    suggestion.click()
    page.wait_for_url(f"**{bounce_article.url}")
    assert page.locator("h1").inner_text() == "Why do my e-mails bounce?"
    attempt = AskAttempt.objects.get(user=carol)
    assert attempt.deflected and attempt.clicked_article_id == bounce_article.pk

    # Another customer asks a question; a spammer replies.
    page.context.clear_cookies()
    log_in(page, "dave")
    page.goto("/forum/ask/")
    page.get_by_label("Your question").fill("Webmail logs me out all the time")
    page.get_by_label("Section").select_option(label="E-mail")
    page.get_by_label("Details").fill("Every few minutes I have to log in **again**.")
    page.get_by_role("button", name="Post my question").click()
    assert page.locator("h1").inner_text() == "Webmail logs me out all the time"
    assert page.locator(".post-body strong").inner_text() == "again"
    topic = Post.objects.get(body_markdown__startswith="Every few minutes").topic
    spam = services.add_reply(spammer, topic, "Buy cheap followers at https://deals.example")

    # A moderator hides the spam reply, with a reason; it stays in the database.
    page.context.clear_cookies()
    log_in(page, moderator.username)
    page.goto(topic.get_absolute_url())
    spam_post = page.locator(f"#post-{spam.pk}")
    spam_post.get_by_label("Reason for hiding").fill("advertising")
    spam_post.get_by_role("button", name="Hide").click()
    page.locator(f"#post-{spam.pk} .hidden-note").wait_for()
    assert "advertising" in page.locator(f"#post-{spam.pk} .hidden-note").inner_text()
    screenshot(page, "forum-moderator-hid-spam")
    spam.refresh_from_db()
    assert spam.hidden and spam.hidden_by == moderator
    assert ModerationLog.objects.filter(action="hide", target_id=spam.pk).exists()

    # Members no longer see it.
    page.context.clear_cookies()
    log_in(page, "dave")
    page.goto(topic.get_absolute_url())
    assert "cheap followers" not in page.content()
    assert page.locator(f"#post-{spam.pk}").get_by_text("hidden by a moderator").is_visible()
