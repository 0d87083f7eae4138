from django import template

from kb.editing import feedback, follows
from kb.editing.models import ArticleFeedback

register = template.Library()


@register.inclusion_tag("editing/article_feedback.html", takes_context=True)
def article_feedback(context, page):
    """The "Was this helpful?" form; once answered, a thank-you and, after "No", what next."""
    request = context["request"]
    answer = feedback.answer(request, page)
    return {
        "page": page,
        "answered": answer is not None,
        "unhelpful": answer is not None and not answer.helpful,
        "related": page.related_articles.live()[:3] if answer and not answer.helpful else (),
        "reasons": ArticleFeedback.REASON_CHOICES,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def follows_article(context, page):
    """Whether the visitor follows this article."""
    return follows.is_following(context["request"].user, page)
