"""Promote a solved topic to a draft knowledge-base article.

The question's title becomes the article's title and a symptom, the accepted answer its body.
The draft enters the category's Wagtail workflow when there is one, else it waits as a draft;
the topic links to the article once it is live.
"""

import re

from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import slugify

from kb.forum.moderation import log
from kb.models import ArticlePage

SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def first_sentence(markdown_text, limit=255):
    text = " ".join(strip_tags(markdown_text).replace("#", " ").split())
    sentence = SENTENCE_END.split(text, maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def unique_slug(parent, title):
    base = slugify(title)[:200] or "forum-answer"
    siblings = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in siblings:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def promote_to_article(topic, category, moderator):
    """Create the draft article from a solved topic; returns the ArticlePage."""
    if topic.solution is None:
        raise ValueError("Only a solved topic can become an article.")
    question = topic.question.body_markdown
    first_line = next((line.strip() for line in question.splitlines() if line.strip()), "")
    symptoms = [topic.title] + (
        [first_line[:200]] if first_line and first_line != topic.title else []
    )
    article = ArticlePage(
        title=topic.title,
        slug=unique_slug(category, topic.title),
        summary=first_sentence(question) or topic.title,
        body=[{"type": "paragraph", "value": str(topic.solution.body_html)}],
        symptoms="\n".join(symptoms),
        live=False,
        owner=moderator,
        locale=category.locale,
    )
    article.tags.add("from-forum")
    category.add_child(instance=article)
    article.save_revision(user=moderator, log_action=True)
    workflow = article.get_workflow()
    if workflow is not None:
        workflow.start(article, moderator)
    topic.promoted_article = article
    topic.save(update_fields=["promoted_article"])
    log(moderator, "promote", topic, f"article {article.pk} in {category.title}")
    return article
