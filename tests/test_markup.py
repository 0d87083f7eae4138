"""User-written Markdown and HTML come out inert."""

import re

import pytest

from kb.markup import render_markdown, sanitize_html

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
        lowered = html.lower()
        assert "<script" not in lowered
        assert not re.search(r"(href|src)\s*=\s*[\"']?\s*(javascript|data):", lowered)
        assert "onerror" not in lowered and "onload" not in lowered
        assert "onmouseover" not in lowered
        assert "<iframe" not in lowered and "<svg" not in lowered and "style=" not in lowered


def test_markdown_keeps_formatting_and_marks_links():
    html = render_markdown(
        "**Set** the `MX` record:\n\n1. open\n2. save\n\n[docs](https://x.example)"
    )
    assert "<strong>Set</strong>" in html
    assert "<code>MX</code>" in html
    assert "<ol>" in html
    assert 'href="https://x.example"' in html
    assert 'rel="nofollow noopener ugc"' in html
