"""Sending: the state machine, at most once, retries that check first, guardrails, second
approval, and what the matcher learns from a sent answer."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from social import article_index, sending
from social.models import ArticleAlias, Complaint, Guardrails, Reply
from social.networks import PostingError, SentPost
from tests import factories
from tests.social.conftest import CountingBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def carla(db):
    return factories.make_user("carla", "Community managers", first_name="Carla", last_name="M")


@pytest.fixture
def draft(kb, make_complaint, carla):
    complaint = make_complaint("my mails bounce", handle="bob")
    return sending.save_draft(complaint, carla, article=kb["bounce"])


def test_send_posts_once_and_records_everything(draft, carla, backend):
    reply = sending.send(draft, carla, backend=backend)
    assert reply.state == Reply.State.SENT
    assert reply.external_id == "counted:1" and reply.attempts == 1
    assert backend.sent == [(draft.text, draft.complaint.external_id)]
    complaint = Complaint.objects.get(pk=draft.complaint_id)
    assert complaint.status == Complaint.Status.REPLIED
    assert complaint.first_response_at == reply.sent_at
    assert list(reply.events.values_list("state", flat=True)) == ["draft", "sending", "sent"]
    with pytest.raises(sending.SendingError, match="already sent"):
        sending.send(reply, carla, backend=backend)
    with pytest.raises(sending.SendingError):
        sending.save_draft(complaint, carla, text="something else")
    assert len(backend.sent) == 1


def test_default_backend_is_the_outbox(draft, carla):
    reply = sending.send(draft, carla)
    assert reply.backend == "outbox" and reply.external_id.startswith("outbox:")


def test_only_one_live_reply_per_complaint(draft, carla):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Reply.objects.create(complaint=draft.complaint, text="second", author=carla)


def test_timeout_then_retry_checks_what_was_sent_first(draft, carla, backend):
    backend.fail_with = TimeoutError("read timed out")
    with pytest.raises(sending.SendingError, match="retry checks first"):
        sending.send(draft, carla, backend=backend)
    failed = Reply.objects.get(pk=draft.pk)
    assert failed.state == Reply.State.FAILED and failed.retryable
    assert "read timed out" in failed.error

    backend.already_posted = SentPost(external_id="found-it")  # the timed-out call went through
    reply = sending.send(failed, carla, backend=backend)
    assert backend.lookups == 1
    assert backend.sent == []  # not posted a second time
    assert reply.state == Reply.State.SENT and reply.external_id == "found-it"
    assert reply.attempts == 2


def test_retry_posts_when_nothing_was_sent(draft, carla, backend):
    backend.fail_with = PostingError("503 from the API", retryable=True)
    with pytest.raises(sending.SendingError):
        sending.send(draft, carla, backend=backend)
    reply = sending.send(Reply.objects.get(pk=draft.pk), carla, backend=backend)
    assert backend.lookups == 1 and len(backend.sent) == 1
    assert reply.state == Reply.State.SENT


def test_reply_stuck_in_sending_is_retried_after_checking_the_network(draft, carla, backend):
    """The process that claimed the reply died mid-call: the reply stays `sending`."""
    Reply.objects.filter(pk=draft.pk).update(state=Reply.State.SENDING, attempts=1, backend="x")
    draft.events.create(state=Reply.State.SENDING, user=carla)
    with pytest.raises(sending.SendingError, match="being sent"):
        sending.send(Reply.objects.get(pk=draft.pk), carla, backend=backend)

    draft.events.filter(state=Reply.State.SENDING).update(
        at=timezone.now() - sending.stuck_after() - timedelta(seconds=1)
    )
    backend.already_posted = SentPost(external_id="posted-before-the-crash")
    reply = sending.send(Reply.objects.get(pk=draft.pk), carla, backend=backend)
    assert backend.lookups == 1 and backend.sent == []
    assert reply.state == Reply.State.SENT and reply.external_id == "posted-before-the-crash"


def test_permanent_failure_is_not_retried(draft, carla, backend):
    backend.fail_with = PostingError("403 duplicate status", retryable=False)
    with pytest.raises(sending.SendingError, match="refused"):
        sending.send(draft, carla, backend=backend)
    with pytest.raises(sending.SendingError, match="failed for good"):
        sending.send(Reply.objects.get(pk=draft.pk), carla, backend=backend)
    assert backend.sent == []


def test_guardrails_block_foreign_links_media_blocked_words_and_length(draft, carla, backend):
    settings = Guardrails.load()
    settings.blocked_words = "stupid\nrefund guaranteed"
    settings.save()
    complaint = draft.complaint
    cases = {
        "Hi @bob, see https://evil.example/phish ^CM": "Links may only go",
        "Hi @bob, look http://localhost/media/cat.png ^CM": "No media",
        "Hi @bob, pic.twitter.com/abc ^CM": "No media",
        "Hi @bob, that is a STUPID question ^CM": "blocked word",
        "Hi @bob, " + "a" * 300: "Too long",
        "   ": "empty",
    }
    for text, problem in cases.items():
        reply = sending.save_draft(complaint, carla, text=text)
        with pytest.raises(sending.SendingError, match=problem):
            sending.send(reply, carla, backend=backend)
    allowed = sending.save_draft(
        complaint, carla, text="Hi @bob, status: https://status.nimbus.example/ and " + draft.text
    )
    assert sending.send(allowed, carla, backend=backend).state == Reply.State.SENT
    assert len(backend.sent) == 1


def test_new_cms_need_a_second_approval(draft, carla, backend):
    settings = Guardrails.load()
    settings.approval_below = 3
    settings.save()
    with pytest.raises(sending.SendingError, match="Another community manager"):
        sending.send(draft, carla, backend=backend)
    with pytest.raises(sending.SendingError, match="Another community manager"):
        sending.approve(draft, carla)
    senior = factories.make_user("sam", "Moderators")
    approved = sending.approve(draft, senior)
    assert approved.state == Reply.State.APPROVED and approved.approved_by == senior
    edited = sending.save_draft(draft.complaint, carla, text=draft.text + " !")
    assert edited.state == Reply.State.DRAFT and edited.approved_by is None  # edit voids approval
    sending.approve(edited, senior)
    assert sending.send(edited, carla, backend=backend).state == Reply.State.SENT


def test_sent_answer_teaches_the_matcher(kb, make_complaint, carla, backend):
    phrasing = "cannot reach my shop, visitors get a gateway timeout page"
    complaint = make_complaint(phrasing)
    other = factories.make_article(
        kb["outage"].get_parent().specific,
        "Gateway timeout (504) on my shop",
        summary="When the server behind the proxy answers too slowly.",
        symptoms=["shop gateway timeout"],
    )
    before = [a for a, _m in article_index.suggest_articles(phrasing)]
    assert before and before[0] != kb["outage"]
    reply = sending.save_draft(complaint, carla, article=kb["outage"])
    sending.send(reply, carla, backend=backend)
    assert ArticleAlias.objects.filter(article=kb["outage"], text=phrasing).exists()
    after = [a for a, _m in article_index.suggest_articles(phrasing)]
    assert after[0] == kb["outage"]
    assert other in after


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_cms_clicking_send_at_once_post_once(help_center):
    category = factories.make_category(help_center, "E-mail", slug="email")
    article = factories.make_article(category, "Why do my e-mails bounce?", symptoms=["bounce"])
    carla = factories.make_user("carla", "Community managers")
    dave = factories.make_user("dave", "Community managers")
    complaint = Complaint.objects.create(
        network="x",
        external_id="1",
        author_handle="bob",
        text="my mails bounce",
        created_at=timezone.now(),
    )
    reply = sending.save_draft(complaint, carla, article=article)
    backend = CountingBackend()
    barrier = threading.Barrier(2)
    outcomes = []

    def click(user):
        from django.db import connections

        try:
            barrier.wait()
            sending.send(Reply.objects.get(pk=reply.pk), user, backend=backend)
            outcomes.append("sent")
        except sending.SendingError as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(u,)) for u in (carla, dave)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("sent") == 1
    assert [o for o in outcomes if o != "sent"] == ["This reply is being sent."]
    assert len(backend.sent) == 1
    assert Reply.objects.get(pk=reply.pk).state == Reply.State.SENT


@pytest.mark.parametrize(
    "link",
    [
        "see evil.example for help",
        "bit.ly",
        "evil.example?ref=1",
        "evil.example:8080/x",
        "pbs.twimg.com",
        "www.evil.example/a",
        "http://10.0.0.1/x",
    ],
)
def test_guardrail_finds_links_networks_make_of_bare_domains(draft, carla, backend, link):
    reply = sending.save_draft(draft.complaint, carla, text=f"Hi @bob, {link} ^CM")
    with pytest.raises(sending.SendingError, match="Links may only go|No media"):
        sending.send(reply, carla, backend=backend)
    assert backend.sent == []


def test_guardrail_allows_configured_hosts_and_plain_words(draft, carla, backend):
    text = "Hi @bob, e.g. node.js v1.2.3 users: see status.nimbus.example/incident?id=4 ^CM"
    reply = sending.save_draft(draft.complaint, carla, text=text)
    assert sending.send(reply, carla, backend=backend).state == Reply.State.SENT


def stuck(reply, backend_name):
    """`reply` claimed by a process that died while the network call ran."""
    Reply.objects.filter(pk=reply.pk).update(
        state=Reply.State.SENDING, attempts=1, backend=backend_name
    )
    reply.events.create(
        state=Reply.State.SENDING,
        at=timezone.now() - sending.stuck_after() - timedelta(seconds=1),
    )
    return Reply.objects.get(pk=reply.pk)


def test_stuck_reply_on_a_network_that_cannot_be_asked_is_unknown(draft, carla, backend):
    reply = stuck(draft, "outbox")
    assert sending.is_unknown(reply)
    with pytest.raises(sending.SendingError, match="check on the network and confirm"):
        sending.send(reply, carla, backend=backend)
    assert backend.sent == []
    failed = sending.mark_failed(reply, carla)
    assert failed.state == Reply.State.FAILED and failed.retryable
    assert "Not posted (checked by carla)" in failed.error
    sent = sending.send(failed, carla, backend=backend)
    assert sent.state == Reply.State.SENT and len(backend.sent) == 1


def test_a_cm_confirms_a_stuck_reply_was_posted(draft, carla, backend):
    reply = stuck(draft, "outbox")
    sent = sending.confirm_posted(reply, carla)
    assert sent.state == Reply.State.SENT and sent.external_id == f"confirmed:{reply.token}"
    assert Complaint.objects.get(pk=draft.complaint_id).status == Complaint.Status.REPLIED
    assert backend.sent == []


def test_a_reply_being_sent_cannot_be_marked_or_confirmed(draft, carla):
    Reply.objects.filter(pk=draft.pk).update(state=Reply.State.SENDING, backend="outbox")
    draft.events.create(state=Reply.State.SENDING, user=carla)
    reply = Reply.objects.get(pk=draft.pk)
    with pytest.raises(sending.SendingError):
        sending.mark_failed(reply, carla)
    with pytest.raises(sending.SendingError):
        sending.confirm_posted(reply, carla)
    assert Reply.objects.get(pk=draft.pk).state == Reply.State.SENDING


def test_the_inbox_shows_an_unknown_reply_and_its_two_actions(client, draft, carla):
    from django.urls import reverse

    reply = stuck(draft, "outbox")
    client.force_login(carla)
    url = reverse("social:complaint", args=[reply.complaint_id])
    page = client.get(url).content.decode()
    assert 'class="reply-unknown"' in page and "Unknown — check and confirm" in page
    assert reverse("social:mark_failed", args=[reply.complaint_id]) in page
    client.post(reverse("social:mark_failed", args=[reply.complaint_id]))
    assert Reply.objects.get(pk=reply.pk).state == Reply.State.FAILED
    page = client.get(url).content.decode()
    assert 'class="reply-unknown"' not in page
    assert "Retry (checks first whether it was posted)" in page
    client.post(reverse("social:retry", args=[reply.complaint_id]))
    assert Reply.objects.get(pk=reply.pk).state == Reply.State.SENT


def test_the_inbox_retries_a_stuck_reply_of_a_network_that_can_be_asked(
    client, draft, carla, monkeypatch
):
    backend = CountingBackend()
    backend.already_posted = SentPost(external_id="found-on-x")
    monkeypatch.setattr(sending, "get_backend", lambda: backend)
    reply = stuck(draft, "x")
    client.force_login(carla)
    from django.urls import reverse

    page = client.get(reverse("social:complaint", args=[reply.complaint_id])).content.decode()
    assert "Retry (checks first whether it was posted)" in page
    assert "Unknown — check and confirm" not in page
    client.post(reverse("social:retry", args=[reply.complaint_id]))
    reply.refresh_from_db()
    assert reply.state == Reply.State.SENT and reply.external_id == "found-on-x"
    assert backend.lookups == 1 and backend.sent == []
