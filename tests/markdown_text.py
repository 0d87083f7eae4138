"""Hypothesis strategies for Markdown that mixes words with markup and raw HTML."""

from bs4 import BeautifulSoup
from hypothesis import strategies as st

# Markup, raw HTML and broken HTML; none of it can make a link target, an entity or an image.
MARKUP = [
    "<", ">", "</", "/>", "<!--", "-->", "<script>", "</script>", "<style>", "</style>",
    "<textarea>", "<title>", "<iframe src=x>", "<b", "<div>", "</div>", "<meta charset=utf8>",
    '"', "'", "=", "*", "**", "_", "#", "## ", "> ", "- ", "1. ", "\n", "\n\n", "    ", "|",
    "---", "\\", "`code`", ";", ":", ".", " ", " ", " ",
]  # fmt: skip


def markdown_texts(exclude=()):
    """(Markdown text, the words typed in it in order): words not in `exclude`, and markup."""
    # A word has a letter: digits alone before ". " at the start of a line are a list's number
    # ("0" then "1. " make "01. ", an empty list item), markup rather than a word.
    word = st.text(st.characters(categories=["Ll", "Lu", "Nd"]), min_size=1, max_size=8).filter(
        lambda w: w.lower() not in exclude and not w.isdigit()
    )
    token = st.one_of(
        word.map(lambda w: (w, True)), st.sampled_from(MARKUP).map(lambda m: (m, False))
    )
    return st.lists(token, max_size=40).map(
        lambda tokens: ("".join(t for t, _ in tokens), [t for t, is_word in tokens if is_word])
    )


def first_missing_word(words, html):
    """The first of `words` that the rendered HTML does not show in its text, in order; or None."""
    shown, position = BeautifulSoup(html, "html.parser").get_text(), 0
    for word in words:
        found = shown.find(word, position)
        if found < 0:
            return word
        position = found + len(word)
    return None
