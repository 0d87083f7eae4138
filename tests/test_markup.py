"""User-written Markdown and HTML come out inert."""

import re

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings

from kb.markup import render_markdown, sanitize_html
from tests.markdown_text import first_missing_word, markdown_texts

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "<div onmouseover=alert(1)>hover</div>",
]


@pytest.mark.parametrize("payload", XSS)
def test_nothing_executable_survives(payload):
    for html in (render_markdown(payload), sanitize_html(payload)):
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.find_all(["script", "iframe", "svg", "img", "div"])
        for tag in soup.find_all(True):
            assert set(tag.attrs) <= {"href", "rel", "title"}, tag
            assert not re.match(r"\s*(javascript|data):", tag.get("href", ""), re.I), tag


@pytest.mark.parametrize(
    "text",
    [
        "keep the <script> tag of your provider in the page.",
        "Add <style>body{}</style> and <textarea> or <title> or <iframe src=x> here.",
        "An unclosed <b tag, a <div> block and a <!-- comment --> stay text.",
        '<meta name="robots" content="noindex">',
    ],
)
def test_raw_html_is_shown_as_typed(text):
    assert BeautifulSoup(render_markdown(text), "html.parser").get_text().strip() == text


@settings(max_examples=300, deadline=None)
@given(markdown_texts())
def test_every_word_typed_is_shown(text_and_words):
    text, words = text_and_words
    assert first_missing_word(words, render_markdown(text)) is None


@pytest.mark.parametrize("text", ["*a**b*c", "*A**A*A", "\\*\\*A*A**A*A"])
def test_nested_emphasis_keeps_every_word(text):
    """Markdown 3.11's emphasis parser dropped the end of these (hypothesis found them)."""
    words = re.findall(r"[^\W_]+", text)
    assert first_missing_word(words, render_markdown(text)) is None


def test_markdown_keeps_formatting_and_marks_links():
    html = render_markdown(
        "**Set** the `MX` record:\n\n1. open\n2. save\n\n[docs](https://x.example)"
    )
    assert "<strong>Set</strong>" in html
    assert "<code>MX</code>" in html
    assert "<ol>" in html
    assert 'href="https://x.example"' in html
    assert 'rel="nofollow noopener ugc"' in html
