"""A community manager clears the demo inbox with the keyboard only: every open complaint is
sent, answered as a group, ignored or marked as spam, in at most 1.5 page loads and 4 key
presses per complaint on average. No mouse: the login form is filled by the keyboard too."""

import io

import pytest
from django.core.management import call_command

from social.models import Complaint, Reply

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
MAX_STEPS = 80


def test_cm_clears_the_demo_inbox_with_the_keyboard_only(browser_page, screenshot):
    call_command("load_demo", stdout=io.StringIO())
    open_at_start = Complaint.objects.filter(status=Complaint.Status.NEW).count()
    assert open_at_start >= 20
    page = browser_page
    loads, keys = [], []

    def press(key, navigates=True):
        keys.append(key)
        if navigates:
            with page.expect_navigation():
                page.keyboard.press(key)
        else:
            page.keyboard.press(key)

    page.goto("/accounts/login/?next=/social/")
    page.keyboard.type("cm")
    page.keyboard.press("Tab")
    page.keyboard.type("onereply-demo")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/social/")
    page.on("load", lambda loaded: loads.append(loaded.url))
    screenshot(page, "inbox")
    assert page.locator(".queue-row.current").count() == 1  # the first row has the focus
    seen = set()

    for _step in range(MAX_STEPS):
        if page.locator(".inbox-table").count():  # the inbox
            if "Nothing waiting" in page.locator(".inbox-table").inner_text():
                break
            press("Enter")  # open the focused (first) row
            continue
        if page.locator(".group-form").count():  # a group's confirmation
            if "group" not in seen:
                seen.add("group")
                screenshot(page, "group-confirmation")
            button = page.locator(".confirm-group button")
            assert button.inner_text().startswith("Send ")
            press("Enter")  # the confirmation button has the focus
            continue
        if page.locator(".group-status").count():  # a group no article answers
            press("x", navigates=False)
            press("Enter")  # ignore them all, with the first reason
            continue
        # A complaint.
        if "complaint" not in seen:
            seen.add("complaint")
            screenshot(page, "complaint")
        if page.locator(".notice-abuse").count():
            press("!", navigates=False)
            press("Enter")  # "Yes, mark as spam" has the focus
        elif page.locator("button[value=send]:not([disabled])").count():
            press("s")
        else:
            assert page.locator(".notice-gap").count(), page.url
            if "gap" not in seen:
                seen.add("gap")
                screenshot(page, "no-good-match")
            press("x", navigates=False)
            press("Enter")  # the first reason has the focus
    else:
        pytest.fail(f"the inbox was not cleared in {MAX_STEPS} steps")

    assert not Complaint.objects.filter(status=Complaint.Status.NEW).exists()
    assert not Reply.objects.filter(state__in=["sending", "failed"]).exists()
    sent = Reply.objects.filter(state="sent").count()
    assert sent >= 10 and Complaint.objects.filter(status="spam").exists()
    assert {"group", "complaint", "gap"} <= seen
    assert len(loads) / open_at_start <= 1.5, (len(loads), open_at_start)
    assert len(keys) / open_at_start <= 4, (len(keys), open_at_start)
