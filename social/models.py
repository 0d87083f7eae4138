"""The social inbox: complaints, the articles suggested for them, the replies sent, and what
the community managers taught the matcher."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

NETWORKS = [("x", "X"), ("mastodon", "Mastodon"), ("bluesky", "Bluesky")]


class Cluster(models.Model):
    """Complaints that say the same thing within a short window (an outage makes hundreds)."""

    created_at = models.DateTimeField(default=timezone.now)
    label = models.CharField(max_length=200, blank=True)
    article = models.ForeignKey(
        "kb.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return self.label or f"cluster {self.pk}"


class Complaint(models.Model):
    """A public post that asks for help, from a network, a file or the webhook."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        REPLIED = "replied", _("replied")
        PRIVATE = "private", _("moved to private")
        IGNORED = "ignored", _("ignored")
        SPAM = "spam", _("spam")

    network = models.CharField(max_length=20, choices=NETWORKS)
    external_id = models.CharField(max_length=300, help_text="tweet id, status id, at:// URI")
    author_handle = models.CharField(max_length=100)
    author_id = models.CharField(max_length=100, blank=True)
    text = models.TextField()
    language = models.CharField(max_length=8, default="en")
    created_at = models.DateTimeField(db_index=True)
    received_at = models.DateTimeField(default=timezone.now)
    conversation_id = models.CharField(max_length=300, blank=True)
    in_reply_to_id = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=500, blank=True)
    cid = models.CharField(max_length=200, blank=True, help_text="Bluesky record CID")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    ignore_reason = models.CharField(max_length=200, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )
    first_response_at = models.DateTimeField(null=True, blank=True)
    matched = models.BooleanField(default=False, help_text="Suggestions were computed.")
    meaning = models.BinaryField(
        null=True, editable=False, help_text="Sentence vector (float16), for clustering."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "external_id"], name="social_complaint_unique_post"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.network}:{self.external_id} @{self.author_handle}"

    @property
    def handle(self):
        return "@" + self.author_handle.lstrip("@")

    def top_suggestion(self):
        """The best suggestion a CM has not rejected, or None."""
        return self.suggestions.filter(rejected_at__isnull=True).order_by("rank").first()

    def as_incoming(self):
        """The post as the posting backends know it."""
        from social.networks import IncomingPost

        return IncomingPost(
            network=self.network,
            external_id=self.external_id,
            author_handle=self.author_handle,
            author_id=self.author_id,
            text=self.text,
            created_at=self.created_at,
            language=self.language,
            conversation_id=self.conversation_id or None,
            in_reply_to_id=self.in_reply_to_id or None,
            url=self.url,
            cid=self.cid,
        )


class Suggestion(models.Model):
    """An article the matcher proposed for a complaint."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="suggestions")
    article = models.ForeignKey("kb.ArticlePage", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    matched_terms = models.JSONField(default=list)
    confident = models.BooleanField(default=False)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    rejected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "article"], name="social_suggestion_unique_article"
            )
        ]

    def __str__(self):
        return f"{self.article_id} for {self.complaint_id} (#{self.rank})"


def new_token():
    return secrets.token_urlsafe(9)


class Reply(models.Model):
    """A public reply to a complaint and its way out: draft → approved → sending → sent/failed.

    At most one reply per complaint is not failed (a database constraint), and state changes
    go through `social.sending`, which locks the row."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("answer")
        PRIVATE = "private", _("move to private")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="replies")
    article = models.ForeignKey(
        "kb.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ANSWER)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    error = models.TextField(blank=True)
    retryable = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    external_url = models.URLField(max_length=500, blank=True)
    backend = models.CharField(max_length=20, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    token = models.CharField(max_length=20, unique=True, default=new_token)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=~Q(state="failed"),
                name="social_reply_one_live_per_complaint",
            )
        ]

    def __str__(self):
        return f"reply to {self.complaint} ({self.state})"


class ReplyEvent(models.Model):
    """Every state change of a reply, for the record."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(max_length=10, choices=Reply.State.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.reply_id} → {self.state}"


class ArticleAlias(models.Model):
    """A complaint's phrasing that a CM answered with an article: the matcher learns it."""

    article = models.ForeignKey("kb.ArticlePage", on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=500)
    source = models.CharField(max_length=20, default="cm_answer")
    complaint = models.ForeignKey(Complaint, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("learned phrasing")
        verbose_name_plural = _("learned phrasings")

    def __str__(self):
        return self.text


class LinkClick(models.Model):
    """A customer followed the link of a reply."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="clicks")
    clicked_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"click on {self.reply_id}"


class ReplyTemplate(models.Model):
    """The pieces of a drafted reply in one language, editable by moderators.

    Placeholders: {handle}, {title}, {summary}, {link}, {signature}."""

    language = models.CharField(max_length=8, unique=True, choices=settings.LANGUAGES)
    greeting = models.CharField(max_length=100, default="Hi {handle},")
    empathy = models.CharField(
        max_length=200, default="sorry for the trouble, we know how annoying this is."
    )
    short_empathy = models.CharField(max_length=100, default="sorry for the trouble.")
    question = models.CharField(
        max_length=100, default="happy to help!", help_text=_("Lead-in of an answer to a question.")
    )
    praise = models.CharField(
        max_length=200,
        default="thank you for the kind words, we'll pass them on to the team!",
        help_text=_("The reply to praise (no article needed)."),
    )
    answer = models.CharField(
        max_length=200, default="{summary} This guide should help: {title} {link}"
    )
    private = models.CharField(
        max_length=280,
        default="we'd like to look at your account: please send us a private message "
        "(never your password).",
    )
    closing = models.CharField(max_length=50, default="{signature}")

    panels = [
        FieldPanel("language"),
        MultiFieldPanel(
            [
                FieldPanel("greeting"),
                FieldPanel("empathy"),
                FieldPanel("short_empathy"),
                FieldPanel("question"),
                FieldPanel("praise"),
                FieldPanel("answer"),
                FieldPanel("private"),
                FieldPanel("closing"),
            ],
            heading=_("Pieces (placeholders: {handle} {title} {summary} {link} {signature})"),
        ),
    ]

    def __str__(self):
        return f"Reply template ({self.language})"


class PollState(models.Model):
    """Where a network poller stopped (since_id / cursor)."""

    network = models.CharField(max_length=20, unique=True)
    cursor = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.network}: {self.cursor}"


class BlockedAccount(models.Model):
    """An account whose posts are never imported."""

    network = models.CharField(max_length=20, choices=NETWORKS)
    handle = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "handle"], name="social_blocked_unique")
        ]

    def __str__(self):
        return f"@{self.handle} ({self.network})"


@register_setting(icon="warning")
class Guardrails(BaseGenericSetting):
    """What a public reply may contain (the US Airways lesson)."""

    allowed_domains = models.TextField(
        blank=True,
        default="status.nimbus.example",
        help_text=_("Other domains a reply may link to, one per line (this site is allowed)."),
    )
    blocked_words = models.TextField(
        blank=True, help_text=_("Words a reply must never contain, one per line.")
    )
    approval_below = models.PositiveIntegerField(
        default=0,
        help_text=_(
            "A CM with fewer sent replies than this needs a second person's approval (0: off)."
        ),
    )

    @staticmethod
    def lines(text):
        return [line.strip().lower() for line in text.splitlines() if line.strip()]


class WebhookDelivery(models.Model):
    """A signed webhook request, stored as received before it is processed: none is lost, and
    one whose processing failed is processed again (`manage.py process_webhooks`)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        DONE = "done", _("processed")
        REJECTED = "rejected", _("rejected")
        FAILED = "failed", _("failed")

    body = models.BinaryField()
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    outcome = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.SET_NULL)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = _("webhook deliveries")

    def __str__(self):
        return f"delivery {self.pk} ({self.status})"


class TextVector(models.Model):
    """A sentence vector of an article text (title, title + body, an alias), keyed by a hash of
    the model and the text: computed once, reused by every rebuild and worker."""

    key = models.CharField(max_length=40, primary_key=True)
    vector = models.BinaryField()  # float16

    def __str__(self):
        return self.key


from social.jobs import Job  # noqa: E402, F401  (background jobs: model and pattern in jobs.py)
