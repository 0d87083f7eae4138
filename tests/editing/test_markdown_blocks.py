"""Markdown ⇄ StreamField: stable for the demo content; only Wagtail's rich-text subset stored."""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings

from kb.blocks import ArticleBodyBlock
from kb.editing.markdown_blocks import CALLOUT_LABELS, body_to_markdown, markdown_to_body
from kb.markup import RICH_TEXT_TAGS
from tests.markdown_text import first_missing_word, markdown_texts

DEMO = json.loads((Path(__file__).parents[2] / "kb/demo/articles.json").read_text())
DEMO_BODIES = [
    pytest.param(item[lang]["body"], id=f"{item['slug']}-{lang}")
    for item in DEMO["articles"]
    for lang in ("en", "fr")
]


@pytest.mark.parametrize("body", DEMO_BODIES)
def test_demo_articles_round_trip_to_the_same_blocks(body):
    assert markdown_to_body(body_to_markdown(body)) == body


def test_each_markdown_construct_becomes_its_block():
    text = """Intro with **bold**, *italic*, `code` and [a link](https://nimbus.example).

- one
- two

## Section

### Sub

1. First step
2. Second step

```dns
@ IN MX 10 mail.nimbus.example.
```

> Just a quote.

> **Warning:** Back up first.

> **Note:** Changes take an hour.
"""
    blocks = markdown_to_body(text)
    assert [b["type"] for b in blocks] == [
        "paragraph", "heading", "heading", "steps", "code", "paragraph", "callout", "callout",
    ]  # fmt: skip
    assert blocks[0]["value"] == (
        "<p>Intro with <b>bold</b>, <i>italic</i>, <code>code</code> and "
        '<a href="https://nimbus.example">a link</a>.</p><ul>\n<li>one</li>\n<li>two</li>\n</ul>'
    )
    assert blocks[1]["value"] == {"text": "Section", "level": "h2"}
    assert blocks[2]["value"] == {"text": "Sub", "level": "h3"}
    assert blocks[3]["value"] == ["<p>First step</p>", "<p>Second step</p>"]
    assert blocks[4]["value"] == {"language": "dns", "code": "@ IN MX 10 mail.nimbus.example."}
    assert blocks[5]["value"] == "<p>Just a quote.</p>"
    assert blocks[6]["value"] == {"kind": "warning", "text": "<p>Back up first.</p>"}
    assert blocks[7]["value"] == {"kind": "note", "text": "<p>Changes take an hour.</p>"}


def test_internal_links_and_images_survive_a_round_trip():
    body = [
        {"type": "paragraph", "value": '<p>See <a id="7" linktype="page">this page</a>.</p>'},
        {"type": "image", "value": {"image": 3, "caption": "The DNS zone editor"}},
    ]
    assert markdown_to_body(body_to_markdown(body)) == body


def test_markdown_special_characters_in_text_stay_text():
    body = [
        {"type": "paragraph", "value": "<p>1. Not a list *nor* [a link] &lt;tag&gt; a_b</p>"},
        {"type": "heading", "value": {"text": "# Not a # heading", "level": "h2"}},
    ]
    assert markdown_to_body(body_to_markdown(body)) == body


XSS_MARKDOWN = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<div onmouseover=alert(1)>hover</div>",
    "> **Note:** <b onclick=alert(1)>hi</b>",
    "1. <a href='javascript:alert(1)'>step</a>",
    "## <script>alert(1)</script>heading",
    "![x](javascript:alert(1))",
]


def stored_html(body):
    """The rich-text HTML of the blocks (headings and code are plain text, escaped when shown)."""
    for block in body:
        if block["type"] == "paragraph":
            yield block["value"]
        elif block["type"] == "steps":
            yield from block["value"]
        elif block["type"] == "callout":
            yield block["value"]["text"]


@pytest.mark.parametrize("payload", XSS_MARKDOWN)
def test_stored_html_is_limited_to_wagtail_rich_text(payload):
    for html in stored_html(markdown_to_body(payload)):
        for tag in BeautifulSoup(html, "html.parser").find_all(True):
            assert tag.name in RICH_TEXT_TAGS, tag
            assert set(tag.attrs) <= {"href", "linktype", "id"}, tag
            assert not re.match(r"\s*(javascript|data):", tag.get("href", ""), re.I), tag


def rendered(raw_blocks):
    block = ArticleBodyBlock()
    return block.render(block.to_python(raw_blocks))


@settings(max_examples=300, deadline=None)
@given(markdown_texts(exclude=CALLOUT_LABELS))
def test_every_word_typed_is_shown_and_survives_the_next_edit(text_and_words):
    text, words = text_and_words
    body = markdown_to_body(text)
    assert first_missing_word(words, rendered(body)) is None
    assert first_missing_word(words, rendered(markdown_to_body(body_to_markdown(body)))) is None
