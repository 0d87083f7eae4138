"""Every page of the demo fits a phone's screen (390×844): nothing scrolls sideways."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from kb.forum.models import Topic
from kb.models import ArticlePage
from social.models import Complaint
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
SCROLL_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def too_wide(page, urls):
    """{url: scroll width} of the pages wider than the phone."""
    found = {}
    for url in urls:
        response = page.goto(url, wait_until="networkidle")  # e.g. the wiki's live preview
        assert response.status == 200, url
        width = page.evaluate(SCROLL_WIDTH)
        if width > PHONE["width"]:
            found[url] = width
    return found


def test_every_demo_page_fits_a_phone(chromium, live_server, demo, screenshot):
    pages = Page.objects.live().filter(depth__gt=1).specific()
    kb_urls = [page.url for page in pages]
    assert len(kb_urls) > 100 and any(url.startswith("/fr/") for url in kb_urls)
    topic = Topic.objects.public().first()
    article = ArticlePage.objects.live().filter(locale__language_code="en").first()
    complaint = Complaint.objects.first()
    shared = ["/forum/", topic.get_absolute_url(), "/accounts/login/", "/accounts/signup/"]

    context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    wide = too_wide(page, kb_urls + ["/en/search/?q=dns", "/fr/search/?q=dns"] + shared)
    page.goto("/fr/")  # the forum and the accounts pages now follow in French
    wide |= {f"{url} (fr)": w for url, w in too_wide(page, shared).items()}

    log_in(page, "moderator", "onereply-demo")
    member = ["/forum/ask/", f"/wiki/edit/{article.pk}/", "/wiki/review/", "/forum/moderation/"]
    wide |= too_wide(page, member)
    page.goto("/en/")
    wide |= {f"{url} (en)": w for url, w in too_wide(page, member).items()}
    log_in(page, "cm", "onereply-demo")
    wide |= too_wide(page, ["/social/", f"/social/c/{complaint.pk}/"])
    assert wide == {}

    page.goto("/en/ssl/connection-not-private/")
    assert not page.locator("nav.toc details").evaluate("d => d.open")  # collapsed on a phone
    screenshot(page, "phone-article")
    context.close()
