"""What Wagtail's revisions do not record about a public-site edit; reports on edits; feedback."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Edit(models.Model):
    """One edit made on the public site: the Wagtail revision it created, its summary and base.

    The revision holds the content and its author; the workflow state holds the moderation.
    """

    EDIT, NEW_ARTICLE, ROLLBACK = "edit", "new", "rollback"
    KIND_CHOICES = [
        (EDIT, _("Edit")),
        (NEW_ARTICLE, _("New article")),
        (ROLLBACK, _("Rollback")),
    ]

    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="public_edit"
    )
    page = models.ForeignKey("kb.ArticlePage", on_delete=models.CASCADE, related_name="edits")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="kb_edits"
    )
    summary = models.CharField(_("edit summary"), max_length=200)
    kind = models.CharField(max_length=10, choices=KIND_CHOICES, default=EDIT)
    base_revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_edits",
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.page_id}: {self.summary}"


class EditReport(models.Model):
    """A reader's flag on a revision (vandalism, spam, wrong facts) for moderators to look at."""

    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="edit_reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=1000)
    created = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "reporter"], name="one_report_per_revision_and_user"
            )
        ]

    def __str__(self):
        return f"report on revision {self.revision_id}"


class ArticleFeedback(models.Model):
    """One visitor's "was this helpful?" answer on one article."""

    NOT_WHAT_I_SEARCHED, UNCLEAR, OUTDATED, DID_NOT_WORK = (
        "not_searched",
        "unclear",
        "outdated",
        "did_not_work",
    )
    REASON_CHOICES = [
        (NOT_WHAT_I_SEARCHED, _("Not what I searched for")),
        (UNCLEAR, _("Unclear")),
        (OUTDATED, _("Outdated")),
        (DID_NOT_WORK, _("It didn't work")),
    ]

    page = models.ForeignKey("kb.ArticlePage", on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField()
    reason = models.CharField(max_length=20, choices=REASON_CHOICES, blank=True)
    comment = models.TextField(max_length=1000, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    visitor_key = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "visitor_key"], name="one_feedback_per_visitor")
        ]
        verbose_name_plural = _("article feedback")

    def __str__(self):
        return f"{self.page_id}: {'yes' if self.helpful else 'no'}"


class ArticleFollow(models.Model):
    """A reader who wants an e-mail when an article changes."""

    page = models.ForeignKey("kb.ArticlePage", on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_articles"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "user"], name="one_follow_per_user_and_article")
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.page_id}"
