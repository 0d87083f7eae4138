"""The knowledge base: a help-center home per language, categories, and articles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from kb import page_cache, read_counts
from kb.blocks import ArticleBodyBlock
from kb.changes import ContentChange  # noqa: F401  (the change log's model lives in kb.changes)
from kb.editing.panels import FeedbackPanel


class HelpCenterPage(Page):
    """The help center's home in one language: its categories and the most-read articles."""

    intro = models.CharField(max_length=255, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["kb.CategoryPage"]

    class Meta:
        verbose_name = _("help center")

    def serve(self, request, *args, **kwargs):
        return page_cache.cacheable(super().serve(request, *args, **kwargs))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = CategoryPage.objects.child_of(self).live().specific()
        context["most_read"] = (
            ArticlePage.objects.descendant_of(self)
            .live()
            .order_by(F("read_count__count").desc(nulls_last=True), "title")[:6]
        )
        return context


class CategoryPage(Page):
    """A subject (domains, DNS, e-mail…) that groups the articles about it."""

    intro = models.CharField(max_length=255, blank=True)
    icon = models.CharField(
        max_length=8, blank=True, help_text=_("An emoji shown beside the name.")
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("icon")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["kb.HelpCenterPage"]
    subpage_types = ["kb.ArticlePage"]

    class Meta:
        verbose_name = _("category")

    def serve(self, request, *args, **kwargs):
        return page_cache.cacheable(super().serve(request, *args, **kwargs))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.child_of(self).live().order_by("title")
        context["articles"] = Paginator(articles, 20).get_page(request.GET.get("page"))
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "kb.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(Page):
    """A help article: the answer that the forum, the search and the social replies link to."""

    summary = models.CharField(max_length=255, help_text=_("One line that says what it solves."))
    body = StreamField(ArticleBodyBlock())
    symptoms = models.TextField(
        blank=True,
        help_text=_(
            "The phrases customers use when they hit this problem, one per line "
            '("my emails bounce", "site shows 502"). The social matcher reads them.'
        ),
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    related_articles = ParentalManyToManyField(
        "kb.ArticlePage", blank=True, related_name="referenced_by"
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("symptoms"), FieldPanel("tags"), FieldPanel("related_articles")],
            heading=_("How customers find it"),
        ),
        FeedbackPanel(heading=_("Was this helpful?")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("symptoms", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("summary"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
    ]

    parent_page_types = ["kb.CategoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")

    @property
    def symptom_list(self):
        return [line.strip() for line in self.symptoms.splitlines() if line.strip()]

    def live_related_articles(self):
        """The related articles that are live; also works on a preview's in-memory relation."""
        return self.related_articles.filter(live=True)

    def body_with_anchors(self):
        """The body's blocks, each with an anchor id for headings (None for other blocks)."""
        seen = set()
        result = []
        for block in self.body:
            anchor = None
            if block.block_type == "heading":
                base = slugify(block.value["text"]) or "section"
                anchor, n = base, 2
                while anchor in seen:
                    anchor, n = f"{base}-{n}", n + 1
                seen.add(anchor)
            result.append((block, anchor))
        return result

    def table_of_contents(self):
        """(anchor, text, level) for each heading of the body."""
        return [
            (anchor, block.value["text"], block.value["level"])
            for block, anchor in self.body_with_anchors()
            if anchor
        ]

    def serve(self, request, *args, **kwargs):
        if request.method == "GET":
            read_counts.record(self.pk)
        return page_cache.cacheable(super().serve(request, *args, **kwargs), read_page_id=self.pk)


class ArticleReadCount(models.Model):
    """How many times an article was read; kept off the page so that revisions do not touch it."""

    page = models.OneToOneField(
        ArticlePage, on_delete=models.CASCADE, primary_key=True, related_name="read_count"
    )
    count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.page_id}: {self.count} reads"


class SearchQuery(models.Model):
    """One site search, logged once per visitor and day, with how many results it found and
    the best score in the visitor's language: searches without a good result are content gaps.

    ``visitor`` is a daily pseudonym of the visitor's address (see `kb.search.visitor_key`).
    """

    query = models.CharField(max_length=200)
    language = models.CharField(max_length=8)
    result_count = models.PositiveIntegerField()
    best_score = models.FloatField(null=True, blank=True)
    visitor = models.CharField(max_length=16, blank=True, default="")
    day = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["result_count", "created_at"]),
            models.Index(fields=["visitor", "day"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["visitor", "day", "query", "language"],
                condition=~models.Q(visitor=""),
                name="one_search_per_visitor_and_day",
            )
        ]
        verbose_name_plural = _("search queries")

    def __str__(self):
        return f"{self.query} ({self.result_count})"


class SearchSynonym(models.Model):
    """Words or phrases that mean the same in this help center ("mot de passe, mdp"), in one
    language: site search, the CM's suggestions and forum search also search each query
    rewritten with them (``social/matching/synonyms.py``). Moderators keep them in the admin."""

    MAX_PHRASES, MAX_PHRASE_CHARS = 20, 80

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    phrases = models.TextField(
        _("words or phrases"),
        help_text=_(
            "Separated by commas, e.g. “invoice, receipt, bill”. Put the word the "
            "articles use first."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["language", "phrases"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return f"{self.language}: {', '.join(self.phrase_list())}"

    def phrase_list(self):
        """The phrases, trimmed, without empty ones or repeats."""
        found = (" ".join(p.split()) for p in self.phrases.replace("\x00", "").split(","))
        return list(dict.fromkeys(p for p in found if p))

    def clean(self):
        phrases = self.phrase_list()
        if len(phrases) < 2:
            raise ValidationError({"phrases": _("Give at least two words or phrases.")})
        if len(phrases) > self.MAX_PHRASES:
            raise ValidationError(
                {"phrases": _("At most %(n)d words or phrases.") % {"n": self.MAX_PHRASES}}
            )
        if any(len(p) > self.MAX_PHRASE_CHARS for p in phrases):
            raise ValidationError(
                {
                    "phrases": _("Each phrase must be under %(n)d characters.")
                    % {"n": self.MAX_PHRASE_CHARS}
                }
            )
        self.phrases = ", ".join(phrases)


def search_synonyms():
    """Every search synonym group, by language, for the matchers."""
    groups = {}
    for synonym in SearchSynonym.objects.all():
        groups.setdefault(synonym.language, []).append(synonym.phrase_list())
    return groups
