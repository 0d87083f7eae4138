"""A community manager answers a complaint: inbox → complaint → accept a suggestion → edit
the draft (live counter and preview) → send to the outbox → back to the (empty) queue."""

import pytest
from django.utils import timezone

from social.ingest.store import ingest
from social.models import Complaint, Reply
from tests import factories
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_cm_answers_a_complaint_from_the_inbox(browser_page, screenshot, help_center):
    page = browser_page
    email = factories.make_category(help_center, "E-mail", slug="email")
    factories.make_article(
        email,
        "Why do my e-mails bounce?",
        summary="What a bounce notice means and how to fix it.",
        symptoms=["my mails bounce", "550 5.1.1 user unknown"],
    )
    hosting = factories.make_category(help_center, "Hosting", slug="hosting")
    factories.make_article(hosting, "502 Bad Gateway on my website", symptoms=["site down 502"])
    factories.make_user("cmandy", "Community managers", first_name="Carla", last_name="Manager")
    complaint, _ = ingest(
        {
            "network": "x",
            "external_id": "1001",
            "author_handle": "bob",
            "text": "my mails bounce since this morning <script>window.pwned=1</script>",
            "created_at": timezone.now() - timezone.timedelta(minutes=75),
        }
    )

    log_in(page, "cmandy")
    page.goto("/social/")
    assert page.locator("h1").inner_text() == "Social inbox"
    row = page.locator("tbody tr").first
    assert "over 1 h" in row.inner_text()
    row.get_by_role("link", name="@bob").click()

    assert "<script>" in page.locator("blockquote.complaint-text").inner_text()
    assert page.evaluate("window.pwned") is None
    suggestion = page.locator(".suggestion").first
    assert "Why do my e-mails bounce?" in suggestion.inner_text()
    suggestion.get_by_role("button", name="Use this article").click()
    page.wait_for_load_state()

    textarea = page.get_by_label("Text of the reply")
    draft = textarea.input_value()
    assert draft.startswith("Hi @bob,") and draft.endswith("^CM")
    counter = page.locator("#reply-counter .count")
    before = int(counter.inner_text())
    textarea.fill(draft.replace("^CM", "Tell us if it helps! ^CM"))
    page.wait_for_function(
        f"document.querySelector('#reply-counter .count').textContent != '{before}'"
    )
    assert int(counter.inner_text()) == before + len("Tell us if it helps! ")
    assert "Tell us if it helps!" in page.locator(".reply-preview").inner_text()
    screenshot(page, "social-draft")

    page.locator("button[value=send]").click()
    page.wait_for_load_state()
    # Send and next: the queue is empty now, so the inbox opens.
    assert "Reply sent to @bob." in page.locator(".messages").inner_text()
    assert "Nothing waiting" in page.locator(".inbox-table").inner_text()
    screenshot(page, "social-sent")

    reply = Reply.objects.get(complaint=complaint)
    assert reply.state == "sent" and reply.backend == "outbox"
    assert reply.external_id.startswith("outbox:")
    assert "Tell us if it helps!" in reply.text
    assert Complaint.objects.get(pk=complaint.pk).status == "replied"
