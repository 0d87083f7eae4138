"""Replying to a group of similar complaints: the reviewed text to every ticked member, with
each member's own @handle and link; members whose own best match differs are left out by
default; one confirmation that says N; aliases only from reviewed members; an interrupted
group send leaves every member sent once or still sendable."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from social import group_send, replies, sending
from social.jobs import Job
from social.models import ArticleAlias, Complaint, Reply
from tests import factories
from tests.social.conftest import CountingBackend

pytestmark = pytest.mark.django_db
PASSWORD = "pass-for-tests-123"
OUTAGE = ["site down 502 again", "my site is down, 502 bad gateway", "502 site down??"]


@pytest.fixture
def carla(db):
    return factories.make_user("carla", "Community managers", first_name="Carla", last_name="M")


@pytest.fixture
def cm_client(client, carla):
    client.login(username="carla", password=PASSWORD)
    return client


@pytest.fixture
def group(kb, make_complaint):
    members = [
        make_complaint(t, handle=f"user{i}", minutes_ago=30 - i) for i, t in enumerate(OUTAGE)
    ]
    cluster = Complaint.objects.get(pk=members[0].pk).cluster
    assert cluster is not None
    assert set(cluster.complaints.values_list("pk", flat=True)) == {m.pk for m in members}
    return cluster, [Complaint.objects.get(pk=m.pk) for m in members]


@pytest.fixture
def outbox(monkeypatch):
    """The outbox backend, counting what it is given (the views use `get_backend()`)."""
    backend = CountingBackend()
    monkeypatch.setattr(sending, "get_backend", lambda: backend)
    return backend


def _confirmation(cm_client, cluster, source, text):
    """The confirmation page, opened from the complaint page with the edited text."""
    page = cm_client.post(
        reverse("social:cluster", args=[cluster.pk]),
        {"complaint": source.pk, "text": text, "article": cluster_article(source).pk},
    )
    assert page.status_code == 200
    return page


def cluster_article(complaint):
    return complaint.top_suggestion().article


def test_group_send_after_editing_sends_the_edited_text_to_every_member(
    cm_client, group, kb, outbox
):
    cluster, members = group
    source = members[0]
    page = cm_client.get(reverse("social:complaint", args=[source.pk])).content.decode()
    assert "Reply to the group (3)" in page
    edited = (
        f"Hi {source.handle}, we are on it: a router failed, sites are back in minutes. "
        "This guide says what to check: 502 Bad Gateway on my website ^CM"
    )
    confirmation = _confirmation(cm_client, cluster, source, edited).content.decode()
    assert "Send 3 replies" in confirmation and "we are on it" in confirmation
    assert not Reply.objects.exists()  # showing the confirmation writes nothing

    response = cm_client.post(
        reverse("social:cluster_send", args=[cluster.pk]),
        {
            "complaint": source.pk,
            "text": edited,
            "article": kb["outage"].pk,
            "member": [m.pk for m in members],
            "confirm": "3",
        },
    )
    assert response.status_code == 302
    assert len(outbox.sent) == 3
    for member in members:
        reply = Reply.objects.get(complaint=member)
        assert reply.state == Reply.State.SENT
        assert reply.text == edited.replace(source.handle, member.handle)
        assert (reply.text, member.external_id) in outbox.sent
        assert reply.approved_by.username == "carla"
    texts = [text for text, _id in outbox.sent]
    assert all("we are on it" in text for text in texts)
    assert sorted(t.split(",")[0] for t in texts) == ["Hi @user0", "Hi @user1", "Hi @user2"]


def test_each_member_gets_its_own_tracked_link(cm_client, group, kb, outbox):
    cluster, members = group
    token = "proposedtoken1"
    text = replies.draft_answer(members[0], kb["outage"], None, token)
    assert replies.tracked_link(token) in text
    cm_client.post(
        reverse("social:cluster_send", args=[cluster.pk]),
        {
            "complaint": members[0].pk,
            "text": text,
            "token": token,
            "article": kb["outage"].pk,
            "member": [m.pk for m in members],
            "confirm": "3",
        },
    )
    sent = list(Reply.objects.filter(state=Reply.State.SENT))
    assert len(sent) == 3 and len({r.token for r in sent}) == 3
    for reply in sent:
        assert replies.tracked_link(reply.token) in reply.text
    assert Reply.objects.get(complaint=members[0]).token == token


def test_the_confirmation_must_say_how_many_replies_go_out(cm_client, group, kb, outbox):
    cluster, members = group
    data = {
        "complaint": members[0].pk,
        "text": "Hi @user0, see https://status.nimbus.example ^CM",
        "article": kb["outage"].pk,
        "member": [m.pk for m in members],
    }
    for confirm in ("", "2", "8"):
        cm_client.post(
            reverse("social:cluster_send", args=[cluster.pk]), {**data, "confirm": confirm}
        )
    assert outbox.sent == [] and not Reply.objects.exists()


def test_without_javascript_unticking_a_member_asks_again_and_keeps_the_text(
    cm_client, group, kb, outbox
):
    """The button still says 3 after unticking (no script updates it): the page comes back
    with the CM's text and ticks and says 2, and the second click sends 2."""
    cluster, members = group
    text = "Hi @user0, we are on it: <b>status</b> page ^CM"
    data = {
        "complaint": members[0].pk,
        "text": text,
        "article": kb["outage"].pk,
        "member": [members[0].pk, members[2].pk],
        "token": "",
    }
    url = reverse("social:cluster_send", args=[cluster.pk])
    again = cm_client.post(url, {**data, "confirm": "3"})
    page = again.content.decode()
    assert again.status_code == 200 and "Send 2 replies" in page
    assert "Confirm the number of replies to send." in page
    assert "we are on it: &lt;b&gt;status&lt;/b&gt; page" in page  # kept, escaped
    assert f'value="{members[1].pk}" checked' not in page
    assert f'value="{members[2].pk}" checked' in page and 'name="confirm" value="2"' in page
    assert outbox.sent == [] and not Reply.objects.exists()

    assert cm_client.post(url, {**data, "confirm": "2"}).status_code == 302
    assert {in_reply_to for _text, in_reply_to in outbox.sent} == {
        members[0].external_id,
        members[2].external_id,
    }


def test_members_whose_own_best_match_differs_are_left_out_by_default(
    cm_client, group, kb, make_complaint, outbox
):
    cluster, members = group
    devjoe = make_complaint("my mails bounce, 550 5.1.1 user unknown", handle="devjoe")
    own = devjoe.top_suggestion()
    assert own.article == kb["bounce"] and own.confident
    Complaint.objects.filter(pk=devjoe.pk).update(cluster=cluster)

    found = {m.complaint.pk: m for m in group_send.members(cluster, kb["outage"])}
    assert found[devjoe.pk].ticked is False
    assert all(found[m.pk].ticked for m in members)
    page = cm_client.get(reverse("social:cluster", args=[cluster.pk])).content.decode()
    assert "Send 3 replies" in page
    assert "Why do my e-mails bounce?" in page  # devjoe's own best article is shown
    assert f'value="{devjoe.pk}" checked' not in page
    assert f'value="{members[0].pk}" checked' in page

    cm_client.post(
        reverse("social:cluster_send", args=[cluster.pk]),
        {
            "complaint": members[0].pk,
            "text": replies.draft_answer(members[0], kb["outage"], None, "tok"),
            "token": "tok",
            "article": kb["outage"].pk,
            "member": [m.pk for m in members],  # devjoe left unticked
            "confirm": "3",
        },
    )
    assert len(outbox.sent) == 3
    assert not Reply.objects.filter(complaint=devjoe).exists()
    assert Complaint.objects.get(pk=devjoe.pk).status == Complaint.Status.NEW
    # The matcher learns only from the reviewed (ticked) members.
    learned = set(ArticleAlias.objects.values_list("complaint_id", flat=True))
    assert learned == {m.pk for m in members}


def test_an_interrupted_group_send_leaves_every_member_sent_once_or_sendable(group, kb, carla):
    cluster, members = group
    backend = CountingBackend()
    text = replies.draft_answer(members[0], kb["outage"], carla, "tok")
    ready, errors = group_send.prepare(
        cluster, members, text, members[0], "tok", kb["outage"], carla
    )
    assert errors == [] and len(ready) == 3

    calls = []

    class Killed(CountingBackend):
        """The worker is stopped (gunicorn's timeout) while the second reply is posted."""

        def send(self, text, in_reply_to):
            calls.append(in_reply_to.external_id)
            if len(calls) == 2:
                raise SystemExit(1)
            return backend.send(text, in_reply_to)

    with pytest.raises(SystemExit):
        group_send.run(ready, carla, backend=Killed())
    states = [Reply.objects.get(pk=pk) for pk in ready]
    assert [r.state for r in states] == ["sent", "failed", "approved"]
    assert states[1].retryable  # not stuck in "sending": a retry checks the network first
    assert group_send.pending(cluster) == [states[1].pk, states[2].pk]

    sent, errors = group_send.run(group_send.pending(cluster), carla, backend=backend)
    assert errors == [] and len(sent) == 2
    assert backend.lookups == 1  # the interrupted one was looked up before posting again
    assert sorted(i for _t, i in backend.sent) == sorted(m.external_id for m in members)
    assert group_send.pending(cluster) == []
    again, errors = group_send.run(ready, carla, backend=backend)
    assert len(backend.sent) == 3 and errors == []  # running it again posts nothing more
    assert all(r.state == "sent" for r in again)


def test_group_view_resumes_an_interrupted_send(cm_client, group, kb, carla, outbox):
    cluster, members = group
    text = replies.draft_answer(members[0], kb["outage"], carla, "tok")
    group_send.prepare(cluster, members, text, members[0], "tok", kb["outage"], carla)
    page = cm_client.get(reverse("social:cluster", args=[cluster.pk])).content.decode()
    assert "3 approved replies of this group have not been sent yet." in page
    cm_client.post(reverse("social:cluster_resume", args=[cluster.pk]))
    assert len(outbox.sent) == 3
    assert group_send.pending(cluster) == []


def test_group_pages_need_a_community_manager_and_valid_input(client, customer, carla, group, kb):
    cluster, members = group
    urls = [
        reverse("social:cluster", args=[cluster.pk]),
        reverse("social:cluster_send", args=[cluster.pk]),
        reverse("social:cluster_resume", args=[cluster.pk]),
    ]
    client.login(username=customer.username, password=PASSWORD)
    data = {"complaint": members[0].pk, "member": [m.pk for m in members], "confirm": "3"}
    for url in urls:
        assert (
            client.post(url, {**data, "text": "Hi", "article": kb["outage"].pk}).status_code == 403
        )
    client.login(username="carla", password=PASSWORD)
    assert client.post(urls[0], {"complaint": "x", "text": "Hi"}).status_code == 404
    assert client.post(urls[1], {**data, "complaint": "1 OR 1=1"}).status_code == 404
    assert not Reply.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_group_send_runs_in_the_background_worker_with_its_progress(
    cm_client, group, kb, outbox, settings
):
    database = {"BACKEND": "django_tasks_db.DatabaseBackend"}
    settings.TASKS = {**settings.TASKS, "background": database}
    cluster, members = group
    source = members[0]
    _confirmation(cm_client, cluster, source, "Hi @user0, see 502 Bad Gateway ^CM")
    response = cm_client.post(
        reverse("social:cluster_send", args=[cluster.pk]),
        {
            "complaint": source.pk,
            "text": "Hi @user0, see 502 Bad Gateway ^CM",
            "article": kb["outage"].pk,
            "member": [m.pk for m in members],
            "confirm": "3",
        },
    )
    job = Job.objects.get()
    assert response.url == reverse("social:job", args=[job.pk])
    assert outbox.sent == [] and "0 of 3" in cm_client.get(response.url).content.decode()

    call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay")
    call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay")
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (Job.State.DONE, 3, 3)
    assert len(outbox.sent) == 3  # each member once, even when the worker runs again
    assert "3 of 3" in cm_client.get(response.url).content.decode()
