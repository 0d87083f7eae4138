"""Real concurrent HTTP requests against the live server, on SQLite and PostgreSQL: no 500,
exactly one post per complaint, nothing stuck, nothing lost (issue #11, items 2, 3, 6 and 7)."""

import json
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connections
from django.test import Client
from django.utils import timezone

from kb.editing import edits
from kb.models import ArticlePage
from social import sending
from social.ingest.file_import import import_file
from social.ingest.webhook import signature
from social.models import Complaint, Reply, ReplyEvent, WebhookDelivery
from social.networks.outbox import OutboxBackend
from tests import factories
from tests.editing.helpers import edit_data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SECRET = "s3cret-for-tests"


class Browser:
    """A logged-in user's HTTP session against the live server (session and CSRF cookies)."""

    def __init__(self, base_url, user=None):
        self.base_url, self.session = base_url, requests.Session()
        token = secrets.token_hex(16)  # 32 characters: a CSRF secret Django accepts as is
        self.session.cookies.set("csrftoken", token)
        self.session.headers["X-CSRFToken"] = token
        if user is not None:
            client = Client()
            client.force_login(user)
            self.session.cookies.set("sessionid", client.cookies["sessionid"].value)

    def get(self, path):
        return self.session.get(self.base_url + path, allow_redirects=False, timeout=120)

    def post(self, path, data=None, **kwargs):
        return self.session.post(
            self.base_url + path, data=data, allow_redirects=False, timeout=120, **kwargs
        )


def run_together(calls, workers=10):
    """Run the callables at once (a barrier lines them up); return their results."""
    barrier = threading.Barrier(min(workers, len(calls)))

    def run(call):
        try:
            barrier.wait(timeout=60)
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def posts(monkeypatch):
    """Every post the outbox backend makes, by the complaint it answers."""
    made, lock = [], threading.Lock()
    original = OutboxBackend.send

    def send(self, text, in_reply_to):
        with lock:
            made.append(in_reply_to.external_id)
        return original(self, text, in_reply_to)

    monkeypatch.setattr(OutboxBackend, "send", send)
    return made


@pytest.fixture
def article(help_center):
    category = factories.make_category(help_center, "E-mail", slug="email")
    return factories.make_article(
        category, "Why do my e-mails bounce?", summary="Bounces.", symptoms=["my mails bounce"]
    )


def make_complaints(count):
    return [
        Complaint.objects.create(
            network="x",
            external_id=f"77{n}",
            author_handle=f"user{n}",
            text=f"my mails bounce, number {n}",
            created_at=timezone.now(),
        )
        for n in range(count)
    ]


def test_two_cms_sending_from_ten_threads_post_once_each(live_server, article, posts):
    carla = factories.make_user("carla", "Community managers")
    dave = factories.make_user("dave", "Community managers")
    complaints = make_complaints(3)
    calls = []
    for complaint in complaints:
        sending.save_draft(complaint, carla, article=article)
        reply = Reply.objects.get(complaint=complaint)
        for user in (carla, dave) * 5:
            browser = Browser(live_server.url, user)
            url = f"/social/c/{complaint.pk}/reply/"
            data = {"text": reply.text, "action": "send"}
            calls.append(lambda browser=browser, url=url, data=data: browser.post(url, data))
    statuses = [response.status_code for response in run_together(calls)]
    assert statuses == [302] * len(calls)
    assert sorted(posts) == sorted(c.external_id for c in complaints)
    for complaint in complaints:
        assert [r.state for r in Reply.objects.filter(complaint=complaint)] == ["sent"]
        assert ReplyEvent.objects.filter(reply__complaint=complaint, state="sent").count() == 1
        assert Complaint.objects.get(pk=complaint.pk).status == "replied"
    assert not Reply.objects.filter(state=Reply.State.SENDING).exists()


def test_two_cms_replying_to_one_group_at_once_post_once_per_member(
    live_server, kb, make_complaint, posts
):
    carla = factories.make_user("carla", "Community managers")
    dave = factories.make_user("dave", "Community managers")
    texts = ["site down 502 again", "my site is down, 502 bad gateway", "502 site down??"]
    members = [
        make_complaint(t, handle=f"user{i}", minutes_ago=30 - i) for i, t in enumerate(texts)
    ]
    cluster = Complaint.objects.get(pk=members[0].pk).cluster
    data = {
        "complaint": members[0].pk,
        "text": "Hi @user0, see 502 Bad Gateway ^CM",
        "article": kb["outage"].pk,
        "member": [m.pk for m in members],
        "confirm": "3",
    }
    url = f"/social/cluster/{cluster.pk}/send/"
    browsers = [Browser(live_server.url, user) for user in (carla, dave) * 3]
    calls = [lambda browser=browser: browser.post(url, data) for browser in browsers]
    statuses = [response.status_code for response in run_together(calls)]
    assert statuses == [302] * len(calls)
    assert sorted(posts) == sorted(m.external_id for m in members)
    for member in members:
        assert [r.state for r in Reply.objects.filter(complaint=member)] == ["sent"]
        assert Complaint.objects.get(pk=member.pk).status == "replied"
    assert not Reply.objects.filter(state=Reply.State.SENDING).exists()


def test_many_cms_opening_one_complaint_write_nothing(live_server, article):
    cms = [factories.make_user(f"cm{n}", "Community managers") for n in range(3)]
    complaint = make_complaints(1)[0]
    from social import suggestions

    suggestions.suggest([complaint])
    assert complaint.top_suggestion() is not None
    browsers = [Browser(live_server.url, cms[n % 3]) for n in range(20)]
    responses = run_together([lambda b=b: b.get(f"/social/c/{complaint.pk}/") for b in browsers])
    assert [r.status_code for r in responses] == [200] * 20
    assert all("Why do my e-mails bounce?" in r.text for r in responses)
    assert not Reply.objects.exists()


def signed(data):
    raw = json.dumps(data).encode()
    return raw, {"X-OneReply-Signature": signature(raw, SECRET), "Content-Type": "application/json"}


def test_webhook_burst_and_replays_lose_nothing_and_create_once(live_server, settings, article):
    settings.SOCIAL_WEBHOOK_SECRET = SECRET
    base = {"network": "x", "author_handle": "dana", "created_at": "2026-11-20T10:00:00+00:00"}
    bodies = [signed({**base, "external_id": f"9{n}", "text": f"bounce {n}"}) for n in range(30)]
    replay = signed({**base, "external_id": "42", "text": "my mails bounce"})
    bodies += [replay] * 10
    browser = Browser(live_server.url)
    responses = run_together(
        [lambda b=b: browser.post("/social/webhook/", b[0], headers=b[1]) for b in bodies]
    )
    statuses = [r.status_code for r in responses]
    assert 500 not in statuses and 503 not in statuses
    outcomes = [r.json().get("outcome") for r in responses]
    assert outcomes[:30] == ["created"] * 30
    assert sorted(outcomes[30:]) == ["created"] + ["duplicate"] * 9
    assert Complaint.objects.count() == 31
    assert WebhookDelivery.objects.filter(status="done").count() == 40
    assert all(c.matched for c in Complaint.objects.all())


def test_two_imports_at_once_import_everything(live_server, tmp_path, article):
    paths = []
    for part in range(2):
        path = tmp_path / f"part{part}.jsonl"
        with open(path, "w") as out:
            for n in range(150):  # both files share their first 50 posts
                number = n if n < 50 else part * 1000 + n
                row = {
                    "network": "x",
                    "external_id": f"5{number}",
                    "author_handle": f"u{number}",
                    "text": f"my mails bounce {number}",
                    "created_at": "2026-11-20T10:00:00Z",
                }
                out.write(json.dumps(row) + "\n")
        paths.append(path)
    summaries = run_together([lambda p=p: import_file(p, batch_size=40) for p in paths])
    assert sum(s.imported for s in summaries) == 250
    assert sum(s.duplicates for s in summaries) == 50
    assert all(s.rejected == [] for s in summaries)
    assert Complaint.objects.count() == 250
    assert not Complaint.objects.filter(matched=False).exists()


def test_second_of_two_simultaneous_wiki_editors_gets_the_conflict_screen(
    live_server, bounce_article, trusted_editor
):
    other = factories.make_user("tess", "Trusted editors")
    page = ArticlePage.objects.get(pk=bounce_article.pk)
    base = edits.current_revision(page)
    calls = []
    for user, summary in ((trusted_editor, "Trent's summary"), (other, "Tess's summary")):
        browser = Browser(live_server.url, user)
        data = edit_data(base.as_object(), base.pk, summary=summary)
        calls.append(lambda b=browser, d=data: b.post(f"/wiki/edit/{page.pk}/", d))
    statuses = sorted(r.status_code for r in run_together(calls))
    assert statuses == [302, 409]
    assert ArticlePage.objects.get(pk=page.pk).summary in ("Trent's summary", "Tess's summary")
