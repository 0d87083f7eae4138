"""An article's revisions as readable text: their state, and line diffs between them."""

import difflib
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from kb.editing.markdown_blocks import body_to_markdown

LIVE, PUBLISHED, PENDING, REJECTED, WITHDRAWN, SUPERSEDED, DRAFT = (
    "live",
    "published",
    "pending",
    "rejected",
    "withdrawn",
    "superseded",
    "draft",
)
STATE_LABELS = {
    LIVE: _("Live"),
    PUBLISHED: _("Published earlier"),
    PENDING: _("Waiting for review"),
    REJECTED: _("Changes requested"),
    WITHDRAWN: _("Withdrawn"),
    SUPERSEDED: _("Closed: a later revision was published"),
    DRAFT: _("Draft"),
}


@dataclass
class RevisionState:
    code: str
    comment: str = ""

    @property
    def label(self):
        return STATE_LABELS[self.code]


def revision_state(revision, page=None, edit=None):
    """Where a revision stands: live, published, pending review, rejected (with the comment)…"""
    page = page or revision.content_object
    if page.live_revision_id == revision.pk:
        return RevisionState(LIVE)
    if PageLogEntry.objects.filter(revision=revision, action="wagtail.publish").exists():
        return RevisionState(PUBLISHED)
    state = edit.workflow_state if edit is not None else None
    if state is None:
        task_state = TaskState.objects.filter(revision=revision).order_by("-id").first()
        state = task_state.workflow_state if task_state else None
    if state is None:
        return RevisionState(DRAFT)
    rejected = state.task_states.filter(status=TaskState.STATUS_REJECTED).order_by("-id").first()
    if rejected:
        return RevisionState(REJECTED, rejected.comment)
    if state.status == WorkflowState.STATUS_IN_PROGRESS:
        return RevisionState(PENDING)
    if state.status == WorkflowState.STATUS_APPROVED:
        return RevisionState(PUBLISHED)
    current = state.current_task_state
    if current and current.finished_by_id and current.finished_by_id == state.requested_by_id:
        return RevisionState(WITHDRAWN)
    return RevisionState(SUPERSEDED)


def page_text(page):
    """Every field a customer can edit, as lines of text (the body as Markdown)."""
    lines = [f"# {page.title}", "", f"{_('Summary')}: {page.summary}"]
    lines.append(f"{_('Tags')}: {', '.join(sorted(tag.name for tag in page.tags.all()))}")
    lines.append(f"{_('Symptoms')}:")
    lines += [f"- {symptom}" for symptom in page.symptom_list]
    lines += ["", body_to_markdown(page.body).rstrip("\n")]
    return "\n".join(lines)


def revision_text(revision):
    return page_text(revision.as_object())


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed", "gap"
    text: str

    @property
    def sign(self):
        return {"added": "+", "removed": "−", "gap": "…"}.get(self.kind, " ")


def diff_lines(old_text, new_text, context=3):
    """A line diff of two texts (escaped when rendered, like any text)."""
    matcher = difflib.SequenceMatcher(None, old_text.splitlines(), new_text.splitlines())
    old, new = old_text.splitlines(), new_text.splitlines()
    lines = []
    for group_number, group in enumerate(matcher.get_grouped_opcodes(context)):
        if group_number:
            lines.append(DiffLine("gap", ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("same", line) for line in old[i1:i2]]
                continue
            lines += [DiffLine("removed", line) for line in old[i1:i2]]
            lines += [DiffLine("added", line) for line in new[j1:j2]]
    return lines
