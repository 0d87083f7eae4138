"""Per-article analysis and the re-ranking features blended into one score.

An article is matched through its *units*: its title and each alias separately, so a complaint
that reads like one past complaint scores high even when the article has hundreds of aliases.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from .documents import Document
from .normalize import MAX_CHARS, index_terms, normalize

MAX_BODY_CHARS = 20_000
MAX_UNITS = 300  # the most recent aliases used for re-ranking (all stay in the BM25F index)
FEATURES = (
    "bm25",
    "bm25_abs",
    "best_unit",
    "top_units",
    "unit_share",
    "bigrams",
    "coverage",
    "fuzzy",
    "prior",
    "chars_best",
    "chars_top",
    "chars_doc",
)
BM25_HALF = 10.0  # the BM25F score that counts as half-way sure in ``bm25_abs``


@dataclass(frozen=True)
class Analysed:
    """What re-ranking needs of one article, computed once when it is indexed."""

    doc: Document
    units: tuple[frozenset[str], ...]  # title first, then aliases (newest last)
    unit_texts: tuple[str, ...]  # the same units as space-joined terms, for rapidfuzz
    terms: frozenset[str]  # every term of title, aliases, tags and body
    unit_share: Mapping[str, float]  # term -> share of the units that contain it
    bigrams: tuple[frozenset[tuple[str, str]], ...]  # adjacent term pairs of each unit
    fields: Mapping[str, str]  # the analysed whoosh fields
    unit_words: tuple[str, ...]  # title and aliases as folded words (stopwords kept, unstemmed)
    doc_words: str  # title and the start of the body as folded words


def analyse(doc: Document) -> Analysed:
    """Normalise every field of ``doc`` in the article's language."""
    lang = doc.lang

    def terms_of(text: str) -> list[str]:
        return index_terms(text, lang)

    def words_of(text: str) -> str:
        return normalize(text, lang=lang).text

    title = terms_of(doc.title)
    all_aliases = [terms_of(a) for a in doc.aliases]
    tags = [t for tag in doc.tags for t in terms_of(tag)]
    body = terms_of(doc.body[:MAX_BODY_CHARS])
    units = [title, *all_aliases[-MAX_UNITS:]]
    fields = {
        "title": " ".join(title),
        "aliases": " ".join(t for a in all_aliases for t in a),
        "tags": " ".join(tags),
        "body": " ".join(body),
    }
    units = [u for u in units if u]
    every = set(title).union(tags, body, *all_aliases)
    counts = Counter(t for u in units for t in set(u))
    return Analysed(
        doc=doc,
        units=tuple(frozenset(u) for u in units),
        unit_texts=tuple(" ".join(u) for u in units),
        terms=frozenset(every),
        fields=fields,
        unit_share={t: c / len(units) for t, c in counts.items()},
        bigrams=tuple(frozenset(pairs(u)) for u in units),
        unit_words=tuple(w for w in map(words_of, [doc.title, *doc.aliases[-MAX_UNITS:]]) if w),
        doc_words=words_of(f"{doc.title} {doc.body[:MAX_CHARS]}"),
    )


def pairs(terms: Sequence[str]) -> list[tuple[str, str]]:
    """Adjacent term pairs: ``["card", "arriv"]`` -> ``[("card", "arriv")]``."""
    return list(itertools.pairwise(terms))


@lru_cache(maxsize=200_000)
def _word_grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(padded[i : i + 3] for i in range(len(padded) - 2))


def char_grams(words: str) -> Counter[str]:
    """Character trigrams within each word (with its boundaries): "card" -> " ca", "car",
    "ard", "rd "; their counts."""
    return Counter(g for word in words.split() for g in _word_grams(word))


def article_grams(art: Analysed) -> Iterator[str]:
    """The distinct character trigrams of an article, for their document frequencies."""
    seen = set(char_grams(art.doc_words))
    for words in art.unit_words:
        seen.update(char_grams(words))
    return iter(seen)


class GramVectors:
    """TF-IDF vectors of character trigrams (IDF from the article frequencies ``df`` over ``n``
    articles), cached by text: build a new one whenever the index changes."""

    CACHE = 50_000

    def __init__(self, df: Mapping[str, int], n: int) -> None:
        self.df, self.n = df, max(n, 1)
        self.cache: dict[str, tuple[dict[str, float], float]] = {}

    def weigh(self, words: str) -> tuple[dict[str, float], float]:
        """The TF-IDF vector of ``words`` and its norm."""
        n, df = self.n, self.df
        vec = {g: tf * math.log(1 + n / (1 + df.get(g, 0))) for g, tf in char_grams(words).items()}
        return vec, math.sqrt(sum(v * v for v in vec.values())) or 1.0

    def vector(self, words: str) -> tuple[dict[str, float], float]:
        """:meth:`weigh`, cached (an article's title or alias)."""
        hit = self.cache.get(words)
        if hit is None:
            hit = self.weigh(words)
            if len(self.cache) >= self.CACHE:
                self.cache.clear()
            self.cache[words] = hit
        return hit

    def similarity(self, query_words: str) -> Callable[[str], float]:
        """The cosine similarity of ``query_words`` to a text, as a function of the text."""
        q_vec, q_norm = self.weigh(query_words)

        def cosine(words: str) -> float:
            vec, norm = self.vector(words)
            dot = sum(w * vec[g] for g, w in q_vec.items() if g in vec)
            return dot / (q_norm * norm)

        return cosine


def features(
    query_terms: Sequence[str],
    articles: Sequence[Analysed],
    bm25: Mapping[str, float],
    idf: Mapping[str, float],
    query_words: str = "",
    grams: GramVectors | None = None,
) -> list[tuple[float, ...]]:
    """One feature vector (in :data:`FEATURES` order, each in [0, 1]) per article.
    ``query_words``: the complaint's folded words, compared by character trigrams to each
    article's title, aliases and title + body (vectors from ``grams``)."""
    grams = grams or GramVectors({}, 1)
    cosine = grams.similarity(query_words)
    query = set(query_terms)
    query_pairs = set(pairs(query_terms))
    query_text = " ".join(query_terms)
    q_norm = sum(idf[t] ** 2 for t in query) or 1.0
    q_mass = sum(idf[t] for t in query) or 1.0
    top_bm25 = max(bm25.values(), default=0.0) or 1.0
    top_prior = max((math.log1p(a.doc.answers) for a in articles), default=0.0) or 1.0
    rows = []
    for art in articles:
        sims = []
        for unit in art.units:
            shared = query & unit
            if shared:
                u_norm = sum(idf.get(t, 1.0) ** 2 for t in unit)
                sims.append(sum(idf[t] ** 2 for t in shared) / math.sqrt(q_norm * u_norm))
        sims.sort(reverse=True)
        shared_pairs = max((len(query_pairs & b) for b in art.bigrams), default=0)
        raw = bm25.get(art.doc.id, 0.0)
        fuzzy = max((fuzz.token_set_ratio(query_text, u) for u in art.unit_texts), default=0.0)
        chars = sorted((cosine(u) for u in art.unit_words), reverse=True)
        rows.append(
            (
                raw / top_bm25,
                raw / (raw + BM25_HALF),
                sims[0] if sims else 0.0,
                sum(sims[:3]) / 3,
                sum(idf[t] * art.unit_share.get(t, 0.0) for t in query) / q_mass,
                shared_pairs / len(query_pairs) if query_pairs else 0.0,
                sum(idf[t] for t in query & art.terms) / q_mass,
                fuzzy / 100,
                math.log1p(art.doc.answers) / top_prior,
                chars[0] if chars else 0.0,
                sum(chars[:3]) / 3,
                cosine(art.doc_words),
            )
        )
    return rows
