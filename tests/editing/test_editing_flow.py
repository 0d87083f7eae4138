"""The wiki flow through real HTTP, real Wagtail revisions and the real workflow."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState

from kb.editing import edits, history
from kb.editing.markdown_blocks import body_to_markdown
from kb.editing.models import Edit
from kb.models import ArticlePage
from tests.editing.helpers import edit_data


def edit_url(page):
    return reverse("editing:edit", args=[page.pk])


def fresh(page):
    return ArticlePage.objects.get(pk=page.pk)


def live_text(page):
    return " ".join(str(block.value) for block in fresh(page).body)


@pytest.fixture
def article(bounce_article):
    return fresh(bounce_article)


def save_edit(client, user, page, **changes):
    client.force_login(user)
    page = fresh(page)
    base = edits.current_revision(page)
    return client.post(edit_url(page), edit_data(base.as_object(), base.pk, **changes))


def test_customer_edit_waits_for_a_moderator_then_goes_live(client, article, customer, moderator):
    body = "## Read the bounce message\n\nThe notice names the **rejected address**.\n"
    response = save_edit(client, customer, article, body=body, edit_summary="Clearer")
    assert response.status_code == 302

    page = fresh(article)
    assert "rejected address" not in live_text(page)  # still the published version
    revision = page.get_latest_revision()
    assert revision.user == customer
    edit = Edit.objects.get(revision=revision)
    assert edit.summary == "Clearer"
    assert edit.workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert history.revision_state(revision, page=page).code == history.PENDING

    # the author sees the state of their revision on their profile
    profile = client.get(reverse("accounts:profile", args=[customer.username]))
    assert "Waiting for review" in profile.content.decode()

    client.force_login(moderator)
    queue = client.get(reverse("editing:review_queue"))
    assert article.title in queue.content.decode()
    review = client.get(reverse("editing:review_page", args=[article.pk]))
    assert "rejected address" in review.content.decode()
    response = client.post(
        reverse("editing:review_page", args=[article.pk]), {"action": "approve", "comment": ""}
    )
    assert response.status_code == 302

    page = fresh(article)
    assert "<b>rejected address</b>" in live_text(page)
    assert page.live_revision_id == revision.pk
    assert history.revision_state(revision, page=page).code == history.LIVE
    public = client.get(page.url)
    assert "rejected address" in public.content.decode()


def test_rejection_comment_reaches_the_author(client, article, customer, moderator):
    save_edit(client, customer, article, summary="Spam summary")
    client.force_login(moderator)
    empty = client.post(
        reverse("editing:review_page", args=[article.pk]), {"action": "reject", "comment": ""}
    )
    assert empty.status_code == 200  # a rejection needs a comment
    client.post(
        reverse("editing:review_page", args=[article.pk]),
        {"action": "reject", "comment": "Please keep the original summary."},
    )
    page = fresh(article)
    assert page.summary == "What a bounce notice means and how to fix it."
    state = history.revision_state(page.get_latest_revision(), page=page)
    assert state.code == history.REJECTED
    client.force_login(customer)
    profile = client.get(reverse("accounts:profile", args=[customer.username])).content.decode()
    assert "Changes requested" in profile and "Please keep the original summary." in profile


def test_trusted_editor_publishes_at_once(client, article, trusted_editor):
    response = save_edit(client, trusted_editor, article, title="Why do my e-mails bounce back?")
    assert response.status_code == 302
    page = fresh(article)
    assert page.title == "Why do my e-mails bounce back?"
    assert page.live_revision.user == trusted_editor
    assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()


def test_trusted_editor_is_told_the_edit_is_live(client, article, trusted_editor):
    response = save_edit(client, trusted_editor, article, summary="Bounces, explained.")
    assert response.url == fresh(article).url
    shown = client.get(response.url).content.decode()
    assert "Your changes are published" in shown and "A moderator will review" not in shown
    assert f'<a href="{fresh(article).url}">{article.title}</a>' in shown
    assert "Bounces, explained." in shown


def test_conflict_keeps_both_versions(client, article, customer, trusted_editor):
    page = fresh(article)
    base = edits.current_revision(page)
    mine = edit_data(page, base.pk, summary="Carol's summary", edit_summary="mine")
    theirs = edit_data(page, base.pk, summary="Trent's summary", edit_summary="theirs")

    client.force_login(trusted_editor)
    assert client.post(edit_url(page), theirs).status_code == 302
    revisions_before = page.revisions.count()

    client.force_login(customer)
    response = client.post(edit_url(page), mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Carol&#x27;s summary" in html and "Trent&#x27;s summary" in html  # both, escaped
    assert 'class="diff-removed"' in html and 'class="diff-added"' in html
    assert page.revisions.count() == revisions_before  # nothing overwritten
    assert fresh(page).summary == "Trent's summary"

    # the conflict form now builds on the current revision: resubmitting saves
    new_base = response.context["form"]["base_revision_id"].value()
    assert int(new_base) == fresh(page).live_revision_id
    merged = dict(mine, base_revision_id=new_base, summary="Merged summary")
    assert client.post(edit_url(page), merged).status_code == 302
    assert fresh(page).get_latest_revision().as_object().summary == "Merged summary"


def test_failed_validation_keeps_the_text(client, article, customer):
    client.force_login(customer)
    page = fresh(article)
    base = edits.current_revision(page)
    data = edit_data(page, base.pk, title="", body="My long careful rewrite that must survive.")
    response = client.post(edit_url(page), data)
    assert response.status_code == 200
    assert "My long careful rewrite that must survive." in response.content.decode()
    assert page.revisions.count() == fresh(page).revisions.count()


def test_second_customer_builds_on_pending_changes(client, article, customer, moderator):
    from tests.factories import make_user

    save_edit(client, customer, article, summary="First pending summary")
    other = make_user("dave", "Customers")
    client.force_login(other)
    form = client.get(edit_url(article))
    assert "waiting for a moderator" in form.content.decode()
    assert form.context["form"]["summary"].value() == "First pending summary"

    save_edit(client, other, article, title="Why do e-mails bounce?")
    page = fresh(article)
    state = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert set(state.public_edits.values_list("author__username", flat=True)) == {
        "carol",
        "dave",
    }
    # dave cannot withdraw carol's pending edit, nor carol once dave's edit joined hers
    carol_edit = Edit.objects.get(author=customer)
    assert client.post(reverse("editing:withdraw", args=[carol_edit.pk])).status_code == 403
    client.force_login(customer)
    assert client.post(reverse("editing:withdraw", args=[carol_edit.pk])).status_code == 403
    assert fresh(page).live_revision.as_object().summary != "First pending summary"


def test_author_withdraws_own_pending_edit(client, article, customer):
    save_edit(client, customer, article, summary="Oops")
    edit = Edit.objects.get(author=customer)
    assert client.post(reverse("editing:withdraw", args=[edit.pk])).status_code == 302
    edit.refresh_from_db()
    assert edit.workflow_state.status == WorkflowState.STATUS_CANCELLED
    assert history.revision_state(edit.revision, edit=edit).code == history.WITHDRAWN


def test_rollback_is_a_new_logged_revision(client, article, trusted_editor, moderator, customer):
    original = fresh(article).live_revision
    save_edit(client, trusted_editor, article, summary="Vandalised summary")
    assert fresh(article).summary == "Vandalised summary"

    rollback_url = reverse("editing:rollback", args=[article.pk, original.pk])
    client.force_login(customer)
    assert client.post(rollback_url).status_code == 403
    client.force_login(moderator)
    assert client.post(rollback_url).status_code == 302

    page = fresh(article)
    assert page.summary == "What a bounce notice means and how to fix it."
    assert page.live_revision_id not in (original.pk,)
    assert page.live_revision.user == moderator
    assert PageLogEntry.objects.filter(
        page=page, action="wagtail.revert", revision=page.live_revision
    ).exists()
    assert Edit.objects.get(revision=page.live_revision).kind == Edit.ROLLBACK


def test_history_and_readable_diff(client, article, trusted_editor):
    save_edit(
        client,
        trusted_editor,
        article,
        body="## Read the bounce message\n\nA <script>x</script>notice explains it.\n",
        edit_summary="Shorter",
    )
    page = fresh(article)
    client.logout()
    response = client.get(reverse("editing:history", args=[page.pk]))
    html = response.content.decode()
    assert "Shorter" in html and "trent" in html and "Live" in html
    diff = client.get(
        reverse("editing:diff", args=[page.pk]), {"to": page.live_revision_id}
    ).content.decode()
    assert "Check your MX records" in diff  # removed heading, as Markdown text
    assert "<del>## Check your MX records</del>" in diff
    assert '"type"' not in diff  # text, not raw JSON
    assert "<script>" not in diff


def test_suggested_article_is_a_draft_until_approved(client, email_category, customer, moderator):
    client.force_login(customer)
    data = {
        "category": email_category.pk,
        "title": "My mailbox is full",
        "summary": "Free space when the quota is reached.",
        "body": "1. Empty the trash.\n2. Delete large attachments.\n",
        "tags": "email, quota",
        "symptoms": "mailbox full",
        "edit_summary": "New article",
    }
    assert client.post(reverse("editing:suggest"), data).status_code == 302
    page = ArticlePage.objects.get(title="My mailbox is full")
    assert not page.live and page.get_parent().pk == email_category.pk
    assert page.get_latest_revision().user == customer

    client.force_login(moderator)
    client.post(reverse("editing:review_page", args=[page.pk]), {"action": "approve"})
    page = fresh(page)
    assert page.live
    assert page.body[0].block_type == "steps"
    assert sorted(tag.name for tag in page.tags.all()) == ["email", "quota"]


def test_report_an_edit_reaches_moderators(client, article, trusted_editor, customer, moderator):
    save_edit(client, trusted_editor, article, summary="Buy cheap pills")
    revision = fresh(article).live_revision
    client.force_login(customer)
    response = client.post(
        reverse("editing:report", args=[revision.pk]), {"reason": "Spam in the summary"}
    )
    assert response.status_code == 302
    client.force_login(moderator)
    queue = client.get(reverse("editing:review_queue")).content.decode()
    assert "Spam in the summary" in queue


def test_admin_shows_the_same_moderation_state(client, article, customer, moderator):
    save_edit(client, customer, article, summary="Pending in admin too")
    client.force_login(moderator)
    dashboard = client.get("/admin/").content.decode()
    assert "Awaiting your review" in dashboard and article.title in dashboard


def test_html_typed_in_an_article_is_shown_and_loses_nothing(client, article, trusted_editor):
    text = body_to_markdown(article.body)
    sentence = "keep the <script> tag of your provider in the page."
    first_paragraph = "A mailer-daemon notice explains why the delivery failed."
    assert first_paragraph in text
    text = text.replace(first_paragraph, f"{first_paragraph} {sentence}")
    assert save_edit(client, trusted_editor, article, body=text).status_code == 302

    page = client.get(fresh(article).url).content.decode()
    soup = BeautifulSoup(page, "html.parser").select_one(".article-body")
    shown = soup.get_text()
    assert sentence in shown
    assert [h.get_text() for h in soup.find_all("h2")] == [
        "Read the bounce message",
        "Check your MX records",
    ]
    assert "Your domain needs MX records pointing to mail.nimbus.example." in shown
    assert not soup.find_all("script")
