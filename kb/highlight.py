"""Search snippets: the passage of a text that best matches a query, its words highlighted.

Words are compared by their matcher terms (stemmed, accent-free), so "bouncing" in a query
highlights "bounces" in an article. Everything is escaped; only the ``<mark>`` tags are markup.
"""

import re

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


def _matched_spans(text, terms, lang):
    found = list(WORD.finditer(text))
    term_of = term_of_words([m.group() for m in found], lang)
    spans = []
    for m in found:
        term = term_of.get(strip_accents(m.group().casefold()).replace("’", "'"))
        if term in terms:
            spans.append((m.start(), m.end(), term))
    return spans


def highlight(text, terms, lang):
    """``text``, escaped, with the words whose term is in ``terms`` in ``<mark>``."""
    return _render(text, _matched_spans(text, set(terms), lang), 0, len(text))


def snippet(text, terms, lang, length=SNIPPET_CHARS):
    """The passage of ``text`` (about ``length`` characters) with the most distinct query terms,
    escaped and highlighted; the start of the text when no word matches."""
    terms = set(terms)
    spans = _matched_spans(text, terms, lang)
    best_start, best_score = 0, 0
    for chunk in CHUNK.finditer(text):
        inside = {t for s, _e, t in spans if chunk.start() <= s < chunk.end()}
        if len(inside) > best_score:
            best_start, best_score = chunk.start(), len(inside)
    start = best_start
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
