"""Live preview of the Markdown being written, rendered by the code that renders the page.

An article's body goes through the editor's Markdown → StreamField conversion and the
article template's body loop; a forum post through kb.markup.render_markdown, like Post.save.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from kb.editing.markdown_blocks import markdown_to_body
from kb.markup import render_markdown
from kb.models import ArticlePage

MAX_LENGTH = 60_000


def render_preview(kind, text):
    """The HTML of `text` as it will be published: kind "article" or "post"."""
    if kind == "article":
        page = ArticlePage(title="", body=markdown_to_body(text))
        return render_to_string("kb/includes/article_body.html", {"page": page})
    return render_markdown(text)


@require_POST
@login_required
@ratelimit(key="user", rate="120/m", block=True)
def markdown_preview(request):
    kind, text = request.POST.get("kind"), request.POST.get("text", "")
    if kind not in ("article", "post") or len(text) > MAX_LENGTH:
        return HttpResponseBadRequest()
    return HttpResponse(render_preview(kind, text))
