"""Working fast through the queue: send and next, groups collapsed into one row, bulk Ignore
and Spam, undo, polling, and the small things that slowed a CM down."""

import pytest
from django.urls import reverse
from django.utils import timezone

from social.models import Complaint, Reply

pytestmark = pytest.mark.django_db
PASSWORD = "pass-for-tests-123"


@pytest.fixture
def cm_client(client, community_manager):
    client.login(username=community_manager.username, password=PASSWORD)
    return client


@pytest.fixture
def queue(kb, make_complaint):
    complaints = [
        make_complaint("my mails bounce since yesterday", handle="first", minutes_ago=500),
        make_complaint("my website shows a 502 bad gateway", handle="second", minutes_ago=300),
        make_complaint("how can I change the PHP version?", handle="third", minutes_ago=100),
    ]
    assert not Complaint.objects.filter(cluster__isnull=False).exists()
    return complaints


def test_send_opens_the_next_complaint_of_the_queue_with_the_same_filters(cm_client, queue, kb):
    first, second, _third = queue
    text = "Hi @first, see https://status.nimbus.example ^CM"
    response = cm_client.post(
        reverse("social:save_reply", args=[first.pk]),
        {"text": text, "action": "send", "filters": "language=en"},
    )
    assert Complaint.objects.get(pk=first.pk).status == "replied"
    assert response.status_code == 302
    assert response.url == reverse("social:complaint", args=[second.pk]) + "?language=en"


def test_ignore_and_spam_open_the_next_complaint_and_can_be_undone(cm_client, queue):
    first, second, _third = queue
    response = cm_client.post(
        reverse("social:status", args=[first.pk]),
        {"status": "ignored", "reason": "Not a support request"},
    )
    assert response.url == reverse("social:complaint", args=[second.pk])
    page = cm_client.get(response.url).content.decode()
    assert reverse("social:undo", args=[first.pk]) in page
    cm_client.post(reverse("social:undo", args=[first.pk]))
    assert Complaint.objects.get(pk=first.pk).status == "new"

    response = cm_client.post(reverse("social:status", args=[first.pk]), {"status": "spam"})
    assert Complaint.objects.get(pk=first.pk).status == "spam"
    assert response.url == reverse("social:complaint", args=[second.pk])


def test_the_last_complaint_leads_back_to_the_empty_inbox(cm_client, kb, make_complaint):
    only = make_complaint("my mails bounce", handle="solo")
    response = cm_client.post(
        reverse("social:status", args=[only.pk]), {"status": "ignored", "other_reason": "test"}
    )
    assert response.url == reverse("social:inbox")
    assert "Nothing waiting. Well done!" in cm_client.get(response.url).content.decode()
    assert Complaint.objects.get(pk=only.pk).ignore_reason == "test"


def test_a_group_is_one_row_that_opens_the_group_view(cm_client, kb, make_complaint):
    members = [
        make_complaint(t, handle=f"u{i}", minutes_ago=20 - i)
        for i, t in enumerate(["site down 502", "502 site down again", "site down, 502 error"])
    ]
    alone = make_complaint("my mails bounce", handle="alone", minutes_ago=1)
    cluster_id = Complaint.objects.get(pk=members[0].pk).cluster_id
    page = cm_client.get(reverse("social:inbox")).content.decode()
    assert page.count(reverse("social:cluster", args=[cluster_id])) == 1
    assert "3 complaints" in page
    assert "@u1" not in page and "@alone" in page
    # The text of a complaint is the link, not only the @handle.
    link = f'<a class="row-link" href="{reverse("social:complaint", args=[alone.pk])}">'
    assert link + '<strong>@alone</strong> <span class="complaint-text">my mails bounce' in page
    # Send and next goes to the group when it is next in the queue.
    response = cm_client.post(
        reverse("social:status", args=[alone.pk]), {"status": "spam", "filters": "status=new"}
    )
    assert Complaint.objects.get(pk=alone.pk).status == "spam"
    assert response.url == reverse("social:cluster", args=[cluster_id]) + "?status=new"
    # Filtered on the group, its members are listed one by one.
    page = cm_client.get(reverse("social:inbox") + f"?cluster={cluster_id}").content.decode()
    assert all(f"@u{i}" in page for i in range(3))


def test_bulk_ignore_and_spam_but_never_bulk_send(cm_client, queue, kb, make_complaint):
    first, second, third = queue
    response = cm_client.post(
        reverse("social:bulk") + "?status=ignored",
        {"complaint": [first.pk, second.pk], "reason": "Not a support request"},
        follow=True,
    )
    assert "2 complaints: ignored." in response.content.decode()
    assert set(Complaint.objects.filter(status="ignored").values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    cm_client.post(reverse("social:bulk"), {"complaint": [third.pk], "status": "spam"})
    assert Complaint.objects.get(pk=third.pk).status == "spam"
    cm_client.post(reverse("social:bulk"), {"complaint": [third.pk], "status": "replied"})
    assert not Reply.objects.exists()
    other = make_complaint("mails bounce", handle="later")
    cm_client.post(reverse("social:bulk") + "?status=ignored", {"complaint": [other.pk]})
    assert Complaint.objects.get(pk=other.pk).status == "new"  # a reason is required


def test_bulk_actions_need_a_community_manager(client, customer, queue):
    client.login(username=customer.username, password=PASSWORD)
    response = client.post(reverse("social:bulk"), {"complaint": [queue[0].pk], "status": "spam"})
    assert response.status_code == 403
    assert Complaint.objects.get(pk=queue[0].pk).status == "new"
    assert client.get(reverse("social:count")).status_code == 403


def test_the_queue_counts_new_arrivals_for_polling(cm_client, queue, make_complaint):
    since = timezone.now().isoformat()
    assert cm_client.get(reverse("social:count"), {"since": since}).json() == {"open": 3, "new": 0}
    make_complaint("my mails bounce, again", handle="late")
    assert cm_client.get(reverse("social:count"), {"since": since}).json() == {"open": 4, "new": 1}
    french = cm_client.get(reverse("social:count"), {"since": since, "language": "fr"}).json()
    assert french == {"open": 0, "new": 0}


def test_no_assign_on_an_answered_complaint(cm_client, queue):
    first = queue[0]
    page = cm_client.get(reverse("social:complaint", args=[first.pk])).content.decode()
    assert "Assign to me" in page
    cm_client.post(
        reverse("social:save_reply", args=[first.pk]),
        {"text": "Hi @first, see https://status.nimbus.example ^CM", "action": "send"},
    )
    page = cm_client.get(reverse("social:complaint", args=[first.pk])).content.decode()
    assert "Assign to me" not in page and "Take it" not in page


def test_spam_and_ignore_ask_for_a_confirmation_on_the_page(cm_client, queue):
    page = cm_client.get(reverse("social:complaint", args=[queue[0].pk])).content.decode()
    assert '<details class="confirm" data-key="!">' in page
    assert "Yes, mark as spam" in page
    assert "Why is it ignored?" in page and 'for="ignore-reason">Another reason' in page


def test_community_managers_land_in_the_inbox_after_logging_in(client, community_manager, customer):
    for user in (community_manager, customer):
        response = client.post(
            reverse("accounts:login"),
            {"username": user.username, "password": PASSWORD},
            follow=True,
        )
        chain = [url for url, _status in response.redirect_chain]
        assert (chain[-1] == reverse("social:inbox")) == (user == community_manager)
        client.logout()


def test_a_reply_just_sent_to_the_outbox_can_be_taken_back(cm_client, queue, kb):
    first = queue[0]
    text = "Hi @first, see https://status.nimbus.example ^CM"
    response = cm_client.post(
        reverse("social:save_reply", args=[first.pk]), {"text": text, "action": "send"}
    )
    page = cm_client.get(response.url).content.decode()
    assert reverse("social:undo", args=[first.pk]) in page
    cm_client.post(reverse("social:undo", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == "new" and first.first_response_at is None
    taken_back = Reply.objects.get(complaint=first, state="failed")
    assert not taken_back.retryable
    draft = Reply.objects.get(complaint=first, state="draft")
    assert draft.text == text
    assert not first.articlealias_set.exists()
    # Too late: past the window, a sent reply stays sent.
    cm_client.post(reverse("social:save_reply", args=[first.pk]), {"text": text, "action": "send"})
    Reply.objects.filter(complaint=first, state="sent").update(
        sent_at=timezone.now() - timezone.timedelta(minutes=5)
    )
    cm_client.post(reverse("social:undo", args=[first.pk]))
    assert Complaint.objects.get(pk=first.pk).status == "replied"
