"""A visitor finds an answer: home → category → article → search → result."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_visitor_browses_and_searches(browser_page, screenshot, help_center):
    page = browser_page
    category = factories.make_category(help_center, "E-mail", slug="email")
    factories.make_article(
        category,
        "Why do my e-mails bounce?",
        body=[
            factories.heading("Read the bounce message"),
            factories.paragraph("A mailer-daemon notice explains why the delivery failed."),
            factories.heading("Check your MX records"),
            factories.paragraph("Point your MX record to mail.nimbus.example."),
        ],
        summary="What a bounce notice means and how to fix it.",
        symptoms=["my mails bounce"],
        tags=["email"],
    )

    page.goto("/")
    assert page.locator("h1").inner_text() == "How can we help?"
    page.get_by_role("link", name="E-mail").first.click()
    page.get_by_role("link", name="Why do my e-mails bounce?").click()
    assert page.locator("h1").inner_text() == "Why do my e-mails bounce?"
    toc = page.locator("nav.toc")
    page.wait_for_load_state("domcontentloaded")  # site.js (deferred) opens it on wide screens
    assert toc.get_by_role("link", name="Check your MX records").is_visible()
    screenshot(page, "article")

    search = page.get_by_role("searchbox")
    search.fill("mailer-daemon")
    search.press("Enter")
    page.wait_for_url("**/en/search/?q=mailer-daemon")
    assert "1 article found" in page.locator(".result-count").inner_text()
    page.locator(".search-results").get_by_role("link", name="Why do my e-mails bounce?").click()
    assert page.locator("h1").inner_text() == "Why do my e-mails bounce?"

    search = page.get_by_role("searchbox")
    search.fill("bou")
    suggestion = page.locator("#search-suggestions a").first
    suggestion.wait_for()
    assert "Why do my e-mails bounce?" in suggestion.inner_text()
    screenshot(page, "search-suggestions")

    search.fill("bounsing emails")
    search.press("Enter")
    page.wait_for_url("**/en/search/?q=bounsing+emails")
    assert "Showing results for bounce emails" in page.locator(".did-you-mean").inner_text()
    first = page.locator(".search-result").first
    assert first.locator("mark").first.inner_text().lower().startswith("bounc")
    assert first.locator(".search-result-category").inner_text() == "E-mail"
    screenshot(page, "search-did-you-mean")
    page.get_by_role("link", name="Search only for “bounsing emails”").click()
    page.wait_for_url("**exact=1**")
    assert "No article matches yet" not in page.locator(".search-results").inner_text()
