"""Demo data for the wiki: the moderation workflow, one pending customer edit, some feedback."""

from django.contrib.auth import get_user_model
from django.db import transaction

from kb.editing import edits, workflow
from kb.editing.markdown_blocks import body_to_markdown
from kb.editing.models import ArticleFeedback, Edit
from kb.models import ArticlePage

PENDING_SLUG = "email-bounces"
FEEDBACK = [
    # slug, helpful, reason, comment
    ("email-bounces", True, "", ""),
    ("email-bounces", True, "", ""),
    ("email-bounces", False, ArticleFeedback.UNCLEAR, "Which bounce code means a full mailbox?"),
    ("domain-transfer-in", False, ArticleFeedback.OUTDATED, "The menu is called Transfers now."),
    ("domain-transfer-in", True, "", ""),
]


@transaction.atomic
def load(stdout):
    workflow.community_workflow()
    customer = get_user_model().objects.filter(username="customer").first()
    article = ArticlePage.objects.filter(slug=PENDING_SLUG, locale__language_code="en").first()
    if customer and article and not Edit.objects.filter(author=customer).exists():
        base = edits.current_revision(article)
        page = base.as_object()
        body = body_to_markdown(page.body) + (
            "\n> **Note:** A bounce that says *mailbox full* (code 552) is the recipient's "
            "problem: tell them, or try again later.\n"
        )
        changes = edits.ArticleChanges(
            title=page.title,
            summary=page.summary,
            body=body,
            tags=[tag.name for tag in page.tags.all()],
            symptoms=page.symptoms + "\nmailbox full 552",
            edit_summary="Add a note about full mailboxes",
        )
        edits.submit_edit(article, customer, changes, base.pk)
    for n, (slug, helpful, reason, comment) in enumerate(FEEDBACK):
        page = ArticlePage.objects.filter(slug=slug, locale__language_code="en").first()
        if page:
            ArticleFeedback.objects.get_or_create(
                page=page,
                visitor_key=f"demo-visitor-{n}",
                defaults={"helpful": helpful, "reason": reason, "comment": comment},
            )
    stdout.write("Wiki: the 'Community edits' workflow, one edit waiting for review, feedback.")
