"""Synonyms: words or phrases that mean the same in a help center ("mdp" = "mot de passe").

A moderator keeps them in groups, by language (``kb.models.SearchSynonym``), the word the
articles use first. A query that holds a phrase of a group is also searched as rewritten with
each other phrase of the group ("receipt for my payment" -> "invoice for my payment"), and each
article scores the mean of its scores over the query and its rewrites, so that one rewrite alone
does not decide, each weighted by how many of the query's words it searches (a word the index
does not know, like "receipt", is dropped from the query as typed). Each rewrite is an ordinary
query, so an article that happens to use two words of a group gets no double credit. Phrases
are compared as analysed terms (stemmed, accent-free): "Mots de passe" is "mot de passe".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from .normalize import normalize

MAX_REWRITES = 3  # rewrites of one query, at most (the first phrases of each group first)


class Rewrite(NamedTuple):
    """A query rewritten: its terms, the query word behind each, and its words as text (the
    words typed, with the phrase replaced), which the semantic stage reads."""

    terms: list[str]
    sources: list[str]
    text: str


class Synonyms:
    """Synonym groups by language; :meth:`rewrites` gives a query's rewrites."""

    def __init__(self, groups: Mapping[str, Iterable[Sequence[str]]] | None = None) -> None:
        self._by_lang: dict[str, list[tuple[tuple[str, ...], ...]]] = {}
        self._words: dict[str, frozenset[str]] = {}
        self._texts: dict[tuple[str, ...], str] = {}  # a phrase's folded words, by its terms
        for lang, lang_groups in (groups or {}).items():
            analysed = []
            for group in lang_groups:
                phrases: dict[tuple[str, ...], str] = {}
                for phrase in group:
                    norm = normalize(phrase, lang=lang)
                    phrases.setdefault(tuple(norm.terms), norm.text)
                phrases.pop((), None)
                if len(phrases) > 1:
                    analysed.append(tuple(phrases))
                    for terms, text in phrases.items():
                        self._texts.setdefault(terms, text)
            if analysed:
                self._by_lang[lang] = analysed
                self._words[lang] = frozenset(t for g in analysed for p in g for t in p)

    def __bool__(self) -> bool:
        return bool(self._by_lang)

    def words(self, lang: str) -> frozenset[str]:
        """The terms of every phrase in ``lang``: words a moderator wrote, so not misspellings."""
        return self._words.get(lang, frozenset())

    def rewrites(
        self, terms: Sequence[str], sources: Sequence[str], lang: str, tokens: Sequence[str] = ()
    ) -> list[Rewrite]:
        """The query of ``terms`` (each from the word in ``sources``, one of its folded words
        ``tokens``) with a phrase of a group replaced by another phrase of that group, for each
        group and phrase; the new terms stand for the query words they replace. Without ``tokens``,
        the rewrite's text is made of the query's words behind terms only."""
        found = []
        for group in self._by_lang.get(lang, ()):
            for phrase in group:
                start = _position(terms, phrase)
                if start >= 0:
                    found.append((start, phrase, group))
                    break
        if not found:
            return []
        rewrites: list[Rewrite] = []
        tokens = tokens or sources
        positions = _positions(sources, tokens)
        for others in _interleaved([(s, p, [o for o in g if o != p]) for s, p, g in found]):
            start, phrase, other = others
            end = start + len(phrase)
            source = " ".join(sources[start:end])
            first, last = positions[start], positions[end - 1] + 1
            rewrites.append(
                Rewrite(
                    [*terms[:start], *other, *terms[end:]],
                    [*sources[:start], *[source] * len(other), *sources[end:]],
                    " ".join([*tokens[:first], self._texts[other], *tokens[last:]]),
                )
            )
            if len(rewrites) >= MAX_REWRITES:
                break
        return rewrites


def _interleaved(found):
    """(start, phrase, other phrase): each group's first other phrase, then their second, ..."""
    for depth in range(max((len(others) for _, _, others in found), default=0)):
        for start, phrase, others in found:
            if depth < len(others):
                yield start, phrase, others[depth]


def _positions(sources: Sequence[str], tokens: Sequence[str]) -> list[int]:
    """Where each term's word is in ``tokens`` (each term comes from the next word that gives
    one)."""
    found, at = [], -1
    for source in sources:
        at = tokens.index(source, at + 1)
        found.append(at)
    return found


def _position(terms: Sequence[str], phrase: tuple[str, ...]) -> int:
    """Where ``phrase`` starts in ``terms`` as consecutive terms, or -1."""
    n = len(phrase)
    for i, term in enumerate(terms):
        if term == phrase[0] and tuple(terms[i : i + n]) == phrase:
            return i
    return -1
