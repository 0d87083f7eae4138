"""Search snippets: the passage of a text that best matches a query, its words highlighted.

Words are compared by their matcher terms (stemmed, accent-free), so "bouncing" in a query
highlights "bounces" in an article. Everything is escaped; only the ``<mark>`` tags are markup.
"""

import re
from bisect import bisect_right
from collections import defaultdict
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from social.matching.normalize import stem_terms, strip_accents

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
SNIPPET_CHARS = 220
CHUNK = re.compile(r"[^\n.!?]+[.!?]*")


def term_of_words(words, lang):
    """{folded word: matcher term} for the given words (stopwords left out)."""
    folded = {strip_accents(w.casefold()).replace("’", "'") for w in words}
    return {word: term for term, word in stem_terms(sorted(folded), lang)}


@lru_cache(maxsize=256)
def _word_spans(text, lang):
    """(start, end, term) of every word of ``text`` that has a term (an article's snippet source
    is analysed once, not on every search that shows it)."""
    found = list(WORD.finditer(text))
    term_of = term_of_words([m.group() for m in found], lang)
    spans = []
    for m in found:
        term = term_of.get(strip_accents(m.group().casefold()).replace("’", "'"))
        if term is not None:
            spans.append((m.start(), m.end(), term))
    return tuple(spans)


@lru_cache(maxsize=256)
def _chunk_starts(text):
    """Where each sentence or line of ``text`` starts (0 first)."""
    return (0, *(m.start() for m in CHUNK.finditer(text) if m.start() > 0))


def _matched_spans(text, terms, lang):
    return [span for span in _word_spans(text, lang) if span[2] in terms]


def highlight(text, terms, lang):
    """``text``, escaped, with the words whose term is in ``terms`` in ``<mark>``."""
    return _render(text, _matched_spans(text, set(terms), lang), 0, len(text))


def snippet(text, terms, lang, length=SNIPPET_CHARS):
    """The passage of ``text`` (about ``length`` characters) with the most distinct query terms,
    escaped and highlighted; the start of the text when no word matches."""
    terms = set(terms)
    spans = _matched_spans(text, terms, lang)
    starts = _chunk_starts(text)
    inside = defaultdict(set)  # chunk start: the query terms in it
    for s, _e, term in spans:
        inside[starts[bisect_right(starts, s) - 1]].add(term)
    start = min(inside, key=lambda chunk: (-len(inside[chunk]), chunk), default=0)
    while start < len(text) and text[start].isspace():
        start += 1
    first = next((s for s, _e, _t in spans if s >= start), None)
    if first is not None and first - start > length // 2:
        start = text.rfind(" ", 0, first - length // 4) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    body = _render(text, spans, start, end)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")


def _render(text, spans, start, end):
    parts, cursor = [], start
    for s, e, _term in spans:
        if s < start or e > end:
            continue
        parts.append(escape(text[cursor:s]))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    parts.append(escape(text[cursor:end]))
    return SafeString("".join(parts))
