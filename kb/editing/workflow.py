"""The "Community edits" Wagtail workflow: moderators review customers' revisions.

It is assigned to every help-center home, so it covers every article in every language; the
admin and the public review queue act on the same workflow and task states.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from kb import roles
from kb.models import HelpCenterPage

WORKFLOW_NAME = "Community edits"
TASK_NAME = "Moderator review"


def community_workflow():
    """The workflow, created and assigned to every help-center home if needed (idempotent)."""
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created:
        task, _ = GroupApprovalTask.objects.get_or_create(name=TASK_NAME)
        task.groups.add(Group.objects.get(name=roles.MODERATORS))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    assigned = WorkflowPage.objects.values_list("page_id", flat=True)
    for home in HelpCenterPage.objects.exclude(pk__in=assigned):
        WorkflowPage.objects.create(page=home, workflow=workflow)
    return workflow


def active_state(page):
    """The page's in-progress or needs-changes workflow state, or None (read fresh)."""
    return WorkflowState.objects.active().for_instance(page).first()


def pending_state(page):
    """The page's in-progress workflow state (edits waiting for a moderator), or None."""
    state = active_state(page)
    return state if state and state.status == WorkflowState.STATUS_IN_PROGRESS else None


def submit_for_review(page, user):
    """Put the page's latest revision in moderation; joins the review already in progress."""
    state = active_state(page)
    if state and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return state
    if state:  # rejected ("needs changes"): that round is over, a new one starts
        state.cancel(user=user)
    return community_workflow().start(page, user)


def moderate(page, user, action, comment=""):
    """Approve (publishes the latest revision) or reject the page's pending review."""
    state = pending_state(page)
    if state is None or state.current_task_state is None:
        raise PermissionDenied("Nothing to review on this page.")
    task_state = state.current_task_state
    task = task_state.task.specific
    if action not in {name for name, _label, _modal in task.get_actions(page, user)}:
        raise PermissionDenied("You cannot review this page.")
    task.on_action(task_state, user, action, comment=comment)
    return state
