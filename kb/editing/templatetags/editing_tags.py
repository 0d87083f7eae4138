from django import template

from kb.editing import feedback
from kb.editing.models import ArticleFeedback

register = template.Library()


@register.inclusion_tag("editing/article_feedback.html", takes_context=True)
def article_feedback(context, page):
    """The "Was this helpful?" form, or a thank-you if this visitor already answered."""
    request = context["request"]
    return {
        "page": page,
        "answered": feedback.has_answered(request, page),
        "reasons": ArticleFeedback.REASON_CHOICES,
        "csrf_token": context.get("csrf_token"),
    }
