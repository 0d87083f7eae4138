"""Saving customers' edits as Wagtail revisions: conflicts, moderation or instant publishing.

Customers' revisions go to the "Community edits" workflow (the page stays live with its
published version); trusted editors' revisions are published at once. Nothing is overwritten:
an edit based on a revision that is no longer the current one raises EditConflict.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.actions.revert_to_page_revision import RevertToPageRevisionAction
from wagtail.models import WorkflowState

from kb import roles
from kb.editing import workflow
from kb.editing.markdown_blocks import markdown_to_body
from kb.editing.models import Edit
from kb.models import ArticlePage


@dataclass
class ArticleChanges:
    """The fields of the public edit form, as plain text (the body as Markdown)."""

    title: str
    summary: str
    body: str
    tags: list
    symptoms: str
    edit_summary: str


class EditConflict(Exception):
    """Another revision was saved after the one the edit is based on."""

    def __init__(self, current_revision):
        super().__init__(f"The current revision is {current_revision.pk}.")
        self.current_revision = current_revision


def current_revision(page):
    """The revision a new edit builds on: the pending one if edits await review, else the live."""
    if workflow.pending_state(page) or not page.live:
        return page.get_latest_revision()
    return page.live_revision or page.get_latest_revision()


def apply_changes(page, changes):
    page.title = changes.title
    page.summary = changes.summary
    page.body = markdown_to_body(changes.body)
    page.symptoms = changes.symptoms
    page.tags.set(changes.tags)
    return page


def _record(page, revision, user, changes, kind, base=None):
    """Publish a trusted editor's revision, or send a customer's to moderation."""
    edit = Edit(
        revision=revision,
        page=page,
        author=user,
        summary=changes.edit_summary,
        kind=kind,
        base_revision=base,
    )
    if roles.is_trusted_editor(user):
        revision.publish(user=user, skip_permission_checks=True)  # kb.roles decided
    else:
        edit.workflow_state = workflow.submit_for_review(page, user)
    edit.save()
    return edit


@transaction.atomic
def submit_edit(page, user, changes, base_revision_id):
    """Save the user's changes to the article as a new revision by them; return the Edit."""
    page = ArticlePage.objects.select_for_update().get(pk=page.pk)
    base = current_revision(page)
    if base is None or base.pk != base_revision_id:
        raise EditConflict(base)
    draft = apply_changes(base.as_object(), changes)
    revision = draft.save_revision(user=user, log_action=True)
    return _record(page, revision, user, changes, Edit.EDIT, base=base)


@transaction.atomic
def suggest_article(category, user, changes):
    """A new article in the category: a draft until reviewed (published at once if trusted)."""
    page = apply_changes(ArticlePage(owner=user, live=False), changes)
    base_slug = slugify(changes.title)[:200] or "article"
    slug, n = base_slug, 2
    while category.get_children().filter(slug=slug).exists():
        slug, n = f"{base_slug}-{n}", n + 1
    page.slug = slug
    category.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    return _record(page, revision, user, changes, Edit.NEW_ARTICLE)


@transaction.atomic
def roll_back(page, revision, user):
    """Publish the content of an earlier revision as a new revision (moderators only)."""
    if not roles.is_moderator(user):
        raise PermissionDenied
    if revision.object_id != str(page.pk):
        raise PermissionDenied
    new_revision = RevertToPageRevisionAction(page, revision, user=user).execute(
        skip_permission_checks=True
    )
    new_revision.publish(user=user, skip_permission_checks=True)
    return Edit.objects.create(
        revision=new_revision,
        page=page,
        author=user,
        summary=_("Rolled back to revision %(id)s") % {"id": revision.pk},
        kind=Edit.ROLLBACK,
        base_revision=revision,
    )


def can_withdraw(edit, user):
    """Authors may withdraw their pending edit, unless someone else's edit joined the review."""
    state = edit.workflow_state
    if not user.is_authenticated or edit.author_id != user.pk:
        return False
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return False
    return not state.public_edits.exclude(author=user).exists()


def withdraw(edit, user):
    if not can_withdraw(edit, user):
        raise PermissionDenied
    edit.workflow_state.cancel(user=user)
