"""The one way user-written text becomes HTML: Markdown, then nh3's allow-list sanitiser.

Raw HTML typed in the Markdown is text: shown as typed, never interpreted (help articles quote
`<meta>` and `<script>` snippets). No script, no event handler, no style, no javascript: (or
data:) link survives; links get rel="nofollow noopener ugc".
"""

import markdown
import nh3
from django.utils.safestring import mark_safe
from markdown.extensions import Extension

ALLOWED_TAGS = {
    "p", "br", "hr", "b", "strong", "i", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html):
    """HTML reduced to the allow-list above; safe to render."""
    return mark_safe(
        nh3.clean(
            html or "",
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="nofollow noopener ugc",
        )
    )


class EscapeHtml(Extension):
    """Python-Markdown without its raw HTML: tags, comments and blocks stay escaped text."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def markdown_to_html(text, extensions=("fenced_code", "tables")):
    """Markdown as HTML, raw HTML escaped; not sanitised yet."""
    return markdown.markdown(text or "", extensions=[EscapeHtml(), *extensions])


def render_markdown(text):
    """Markdown written by a user, as sanitised HTML."""
    return sanitize_html(markdown_to_html(text))


# What Wagtail's rich text (kb.blocks.RICH_TEXT_FEATURES) stores: no headings, no tables.
# Internal page links are kept in Wagtail's database form, <a linktype="page" id="3">.
RICH_TEXT_TAGS = {"p", "br", "b", "i", "code", "ul", "ol", "li", "a"}
RICH_TEXT_ATTRIBUTES = {"a": {"href", "linktype", "id"}}


def sanitize_rich_text(html):
    """HTML reduced to what Wagtail's rich text blocks store; safe to save in a StreamField."""
    return nh3.clean(
        html or "",
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )
