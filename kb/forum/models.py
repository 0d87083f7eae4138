"""The community forum: sections, topics, posts, votes, flags, bans, and the deflection log.

A topic's body is its first post (`Topic.question`); every post keeps its edit history.
Moderation never deletes: a hidden post keeps its text, reason and moderator.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from kb.markup import render_markdown


class ForumSection(models.Model):
    """A part of the forum (one per product area), edited by moderators as a Wagtail snippet."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("forum section")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:section", args=[self.slug])


class TopicQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def public(self):
        """Topics everyone may see: question approved and not hidden, not merged away."""
        return self.filter(is_public=True)


class Topic(index.Indexed, models.Model):
    """A question asked in a section; its first post is `question`."""

    section = models.ForeignKey(ForumSection, on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(_("title"), max_length=160)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_topics"
    )
    question = models.OneToOneField(
        "forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    solution = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, db_index=True)
    last_activity = models.DateTimeField(default=timezone.now, db_index=True)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    # Derived from the question's state and `merged_into` in save(); lets lists filter cheaply.
    is_public = models.BooleanField(default=False, editable=False)
    is_solved = models.BooleanField(default=False, editable=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_topics"
    )
    promoted_article = models.ForeignKey(
        "kb.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TopicQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("question_text"),
        index.AutocompleteField("title"),
        index.FilterField("is_public"),
        index.FilterField("is_solved"),
        index.FilterField("section_id"),
    ]

    class Meta:
        ordering = ["-is_pinned", "-last_activity"]
        verbose_name = _("topic")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        question = self.question
        self.is_public = bool(
            question and question.approved and not question.hidden and self.merged_into_id is None
        )
        self.is_solved = self.solution_id is not None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_public", "is_solved"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forum:topic", args=[self.pk])

    def question_text(self):
        return self.question.body_markdown if self.question else ""


class Post(models.Model):
    """A message in a topic (the question or a reply), written in Markdown."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_posts"
    )
    body_markdown = models.TextField(_("message"))
    body_html = models.TextField(editable=False)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(default=True)
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=255, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"Post {self.pk} in {self.topic_id}"

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body_markdown)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.topic.get_absolute_url()}#post-{self.pk}"

    @property
    def is_question(self):
        return self.topic.question_id == self.pk

    @property
    def is_visible(self):
        return self.approved and not self.hidden


class PostRevision(models.Model):
    """A post's text before an edit (the title too, for a question)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=160, blank=True)
    body_markdown = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"Revision of post {self.post_id} ({self.created:%Y-%m-%d %H:%M})"

    @property
    def body_html(self):
        return render_markdown(self.body_markdown)


class MeToo(models.Model):
    """A member's "I have this problem too" on a topic."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="me_toos")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "user"], name="one_me_too")]

    def __str__(self):
        return f"{self.user_id} has topic {self.topic_id}'s problem too"


class HelpfulVote(models.Model):
    """A member's "this helped" on a reply."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="helpful_votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_helpful_vote")]

    def __str__(self):
        return f"{self.user_id} found post {self.post_id} helpful"


class Subscription(models.Model):
    """A member who receives an e-mail for each new visible reply in a topic."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "user"], name="one_subscription")]

    def __str__(self):
        return f"{self.user_id} follows topic {self.topic_id}"


class Flag(models.Model):
    """A member's report of a post, waiting in the moderators' queue until resolved."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        ABUSE = "abuse", _("Abuse")
        OFF_TOPIC = "off-topic", _("Off-topic")
        OTHER = "other", _("Other")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created"]
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_flag_per_user")]

    def __str__(self):
        return f"{self.reason} flag on post {self.post_id}"


class ForumBanQuerySet(models.QuerySet):
    def active(self):
        return self.filter(Q(until__isnull=True) | Q(until__gt=timezone.now()))


class ForumBan(models.Model):
    """A member who may not post until `until` (for good when empty)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_bans"
    )
    until = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=255)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    objects = ForumBanQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"Ban of {self.user_id} until {self.until or 'forever'}"


class ModerationLog(models.Model):
    """One moderator action: who did what to which object, and why."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=32, db_index=True)
    target_type = models.CharField(max_length=16)
    target_id = models.PositiveBigIntegerField()
    reason = models.CharField(max_length=255, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.actor} {self.action} {self.target_type} {self.target_id}"


class AskAttempt(models.Model):
    """One visit to "Ask a question": what was typed, what we suggested, what happened.

    Opening a suggestion and then not posting is a deflected question.
    """

    session_key = models.CharField(max_length=40, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    query = models.CharField(max_length=160, blank=True)
    shown_articles = models.JSONField(default=list)
    shown_topics = models.JSONField(default=list)
    clicked_article = models.ForeignKey(
        "kb.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clicked_topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clicked_at = models.DateTimeField(null=True, blank=True)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Ask attempt {self.pk}: {self.query}"

    @property
    def deflected(self):
        return self.clicked_at is not None and self.topic_id is None
