"""A customer improves an article, a moderator approves it, and the public page shows it."""

import pytest

from tests import factories
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def test_customer_edit_is_approved_and_published(browser_page, screenshot, help_center):
    page = browser_page
    factories.make_user("carol", "Customers")
    factories.make_user("moe", "Moderators")
    category = factories.make_category(help_center, "E-mail", slug="email")
    article = factories.make_article(
        category,
        "Why do my e-mails bounce?",
        body=[
            factories.heading("Read the bounce message"),
            factories.paragraph("A mailer-daemon notice explains why the delivery failed."),
        ],
        summary="What a bounce notice means and how to fix it.",
    )

    log_in(page, "carol")
    page.goto(article.url)
    page.get_by_role("link", name="Edit this article").click()
    body = page.get_by_label("Article")
    body.fill(body.input_value() + "\n> **Note:** Code 552 means the mailbox is full.\n")
    page.get_by_label("Edit summary").fill("Explain code 552")
    screenshot(page, "editing-form")
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_load_state()
    assert "Waiting for review" in page.content()
    page.goto(article.url)
    assert "Code 552" not in page.locator("article").inner_text()  # not live yet
    log_out(page)

    log_in(page, "moe")
    page.goto("/wiki/review/")
    page.get_by_role("link", name="Why do my e-mails bounce?").click()
    assert page.locator(".diff-added").filter(has_text="Code 552").count() == 1
    screenshot(page, "editing-review")
    page.get_by_role("button", name="Approve and publish").click()
    page.wait_for_load_state()
    log_out(page)

    page.goto(article.url)
    callout = page.locator("aside.callout")
    assert "Code 552 means the mailbox is full." in callout.inner_text()
    screenshot(page, "editing-published")
