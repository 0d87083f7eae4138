"""Per-article analysis and the re-ranking features blended into one score.

An article is matched through its *units*: its title and each alias separately, so a complaint
that reads like one past complaint scores high even when the article has hundreds of aliases.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from . import semantic
from .documents import Document
from .normalize import clean, index_terms, normalize, strip_accents, words, words_to_terms

MAX_BODY_CHARS = 20_000
MAX_UNITS = 300  # the most recent aliases used for re-ranking (all stay in the BM25F index)
GRAM_CANDIDATES = 6  # the candidates compared by rapidfuzz and character trigrams (features())
GRAM_UNITS = 5  # the units closest by terms that are also compared by character trigrams
DOC_GRAM_CHARS = 1000  # the start of the body compared by character trigrams
FEATURES = (
    "bm25",
    "bm25_abs",
    "best_unit",
    "top_units",
    "unit_share",
    "coverage",
    "prior",
    "bayes",
    "fuzzy",
    "chars_best",
    "chars_top",
    "chars_doc",
    *semantic.FEATURES,
)
BM25_HALF = 10.0  # the BM25F score that counts as half-way sure in ``bm25_abs``
BAYES_ALPHA = 0.1  # add-alpha smoothing of each article's term counts in ``bayes``
GramText = tuple[str, float]  # see gram_text()
_SLICES = [slice(i, i + 3) for i in range(2 * DOC_GRAM_CHARS)]  # a text's trigrams, read in C
_ZEROS = itertools.repeat(0.0)


@dataclass(frozen=True)
class Analysed:
    """What re-ranking needs of one article, computed once when it is indexed."""

    doc: Document
    units: tuple[frozenset[str], ...]  # title first, then aliases (newest last)
    unit_texts: tuple[str, ...]  # the same units as space-joined terms, for rapidfuzz
    terms: frozenset[str]  # every term of title, aliases, tags and body
    unit_share: Mapping[str, float]  # term -> share of the units that contain it
    unit_terms: int  # the number of terms over all units
    fields: Mapping[str, str]  # the analysed whoosh fields
    unit_grams: tuple[GramText, ...]  # the units as folded words (stopwords kept)
    doc_grams: GramText  # title and the start of the body as folded words


def analyse(doc: Document) -> Analysed:
    """Normalise every field of ``doc`` in the article's language."""
    lang = doc.lang

    def terms_of(text: str) -> list[str]:
        return index_terms(text, lang)

    title_norm = normalize(doc.title, lang=lang)
    alias_norms = [normalize(a, lang=lang) for a in doc.aliases]
    title = title_norm.terms
    all_aliases = [a.terms for a in alias_norms]
    tags = [t for tag in doc.tags for t in terms_of(tag)]
    head = words(clean(doc.body[:DOC_GRAM_CHARS]))  # also compared by character trigrams
    body = words_to_terms(head, lang) + terms_of(doc.body[DOC_GRAM_CHARS:MAX_BODY_CHARS])
    fields = {
        "title": " ".join(title),
        "aliases": " ".join(t for a in all_aliases for t in a),
        "tags": " ".join(tags),
        "body": " ".join(body),
    }
    recent = [(a.terms, a.text) for a in alias_norms[-MAX_UNITS:]]
    units = [(terms, words) for terms, words in [(title, title_norm.text), *recent] if terms]
    every = set(title).union(tags, body, *all_aliases)
    counts = Counter(t for u, _ in units for t in set(u))
    return Analysed(
        doc=doc,
        units=tuple(frozenset(u) for u, _ in units),
        unit_texts=tuple(" ".join(u) for u, _ in units),
        terms=frozenset(every),
        fields=fields,
        unit_share={t: c / len(units) for t, c in counts.items()},
        unit_terms=sum(counts.values()),
        unit_grams=tuple(gram_text(words) for _, words in units),
        doc_grams=gram_text(f"{title_norm.text} {strip_accents(' '.join(head))}"),
    )


@lru_cache(maxsize=200_000)
def _word_grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(padded[i : i + 3] for i in range(len(padded) - 2))


def char_grams(words: str) -> Counter[str]:
    """Character trigrams within each word (with its boundaries): "card" -> " ca", "car",
    "ard", "rd "; their counts."""
    return Counter(itertools.chain.from_iterable(map(_word_grams, words.split())))


def gram_text(words: str) -> GramText:
    """``words`` spaced so that ``str.count`` finds each word's trigrams and no trigram across
    two words (" card  fail "), with the Euclidean norm of its trigram counts."""
    return f" {'  '.join(words.split())} ", math.hypot(*char_grams(words).values())


def article_grams(art: Analysed) -> set[str]:
    """The distinct character trigrams of an article, for their document frequencies."""
    words = set(art.doc_grams[0].split())
    for spaced, _ in art.unit_grams:
        words.update(spaced.split())
    return set().union(*map(_word_grams, words))


def gram_cosine(query_words: str, df: Mapping[str, int], n: int) -> Callable[[GramText], float]:
    """The cosine of the complaint's trigram vector (counts x IDF, from the article frequencies
    ``df`` over ``n`` articles) with a text's trigram counts (SMART "lnc.ltc" without logs: the
    text side needs no IDF, so its norm is computed once, when the article is indexed)."""
    n = max(n, 1)
    query = {
        g: tf * math.log(1 + n / (1 + df[g]))
        for g, tf in char_grams(query_words).items()
        if g in df
    }
    q_norm = math.sqrt(sum(w * w for w in query.values())) or 1.0
    weights = {g: w / q_norm for g, w in query.items()}
    grams, gram_weights, weight = list(weights), list(weights.values()), weights.get

    def cosine(text: GramText) -> float:
        spaced, norm = text
        if not norm:
            return 0.0
        if len(spaced) <= min(2 * len(grams), len(_SLICES)):  # a short text: read its trigrams
            dot = sum(map(weight, map(spaced.__getitem__, _SLICES[: len(spaced) - 2]), _ZEROS))
        else:  # count the complaint's trigrams in it
            dot = sum(map(operator.mul, gram_weights, map(spaced.count, grams)))
        return dot / norm

    return cosine


def features(
    query_terms: Sequence[str],
    articles: Sequence[Analysed],
    bm25: Mapping[str, float],
    idf: Mapping[str, float],
    query_words: str = "",
    gram_df: Mapping[str, int] | None = None,
    n_articles: int = 1,
    weights: Sequence[float] | None = None,
    vocabulary: int = 1,
    semantic_rows: Sequence[tuple[float, ...]] | None = None,
) -> list[tuple[float, ...]]:
    """One feature vector (in :data:`FEATURES` order, each in [0, 1]) per article.

    ``query_words``: the complaint's folded words, compared by character trigrams to each
    article's title, aliases and title + body (IDF from ``gram_df`` over ``n_articles``). With
    blend ``weights``, only the :data:`GRAM_CANDIDATES` articles that the other features rank
    first get the ``fuzzy`` (rapidfuzz) and trigram features (the others get 0): these costlier
    comparisons re-order the leaders.

    ``bayes``: the posterior of each article among ``articles`` under multinomial naive Bayes,
    each article a class whose examples are its units (term counts smoothed over
    ``vocabulary`` terms): what the article's past complaints say, against its neighbours'.

    ``semantic_rows``: each article's :data:`semantic.FEATURES` (zeros when not given), last.
    """
    ordered = list(dict.fromkeys(query_terms))  # sums in a fixed order: same on every run
    query = set(ordered)
    query_text = " ".join(query_terms)
    idf2 = {t: idf[t] ** 2 for t in ordered}
    q_norm = math.fsum(idf2.values()) or 1.0
    q_mass = math.fsum(idf[t] for t in ordered) or 1.0
    top_bm25 = max(bm25.values(), default=0.0) or 1.0
    top_prior = max((math.log1p(a.doc.answers) for a in articles), default=0.0) or 1.0
    log_alpha, n_query = math.log(BAYES_ALPHA), len(query)
    rows, nearest, likelihoods = [], [], []
    for art in articles:
        scored = []
        for i, unit in enumerate(art.units):
            shared = query & unit
            if shared:  # a unit's other terms weigh 1 (``idf`` holds the query's terms)
                weight = math.fsum(map(idf2.__getitem__, shared))  # exact in any order
                u_norm = weight + len(unit) - len(shared)
                scored.append((weight / math.sqrt(q_norm * u_norm), i))
        scored.sort(reverse=True)
        sims = [sim for sim, _ in scored]
        nearest.append({0, *(i for _, i in scored[:GRAM_UNITS])} if art.units else set())
        raw = bm25.get(art.doc.id, 0.0)
        shares, n_units = art.unit_share, len(art.units)
        share_mass, log_likelihood, missing = 0.0, 0.0, n_query
        for t in ordered:
            share = shares.get(t)
            if share is not None:
                share_mass += idf[t] * share
                log_likelihood += math.log(share * n_units + BAYES_ALPHA)
                missing -= 1
        likelihoods.append(
            log_likelihood
            + missing * log_alpha
            - n_query * math.log(art.unit_terms + BAYES_ALPHA * vocabulary)
        )
        rows.append(
            (
                raw / top_bm25,
                raw / (raw + BM25_HALF),
                sims[0] if sims else 0.0,
                sum(sims[:3]) / 3,
                share_mass / q_mass,
                math.fsum(map(idf.__getitem__, query & art.terms)) / q_mass,
                math.log1p(art.doc.answers) / top_prior,
            )
        )
    top = max(likelihoods, default=0.0)
    odds = [math.exp(ll - top) for ll in likelihoods]
    total = sum(odds)
    rows = [(*row, p / total) for row, p in zip(rows, odds, strict=True)]
    if semantic_rows is None:
        semantic_rows = [(0.0,) * len(semantic.FEATURES)] * len(rows)
    leaders = range(len(rows))
    if weights is not None and len(rows) > GRAM_CANDIDATES:
        # the blend without the fuzzy and trigram features, which come before the semantic ones
        sem_weights = weights[-len(semantic.FEATURES) :]
        partial = [
            sum(w * f for w, f in zip(weights, row, strict=False))
            + sum(w * f for w, f in zip(sem_weights, sem, strict=True))
            for row, sem in zip(rows, semantic_rows, strict=True)
        ]
        leaders = sorted(leaders, key=partial.__getitem__, reverse=True)[:GRAM_CANDIDATES]
    cosine = gram_cosine(query_words, gram_df or {}, n_articles)
    costly = [(0.0, 0.0, 0.0, 0.0)] * len(rows)  # fuzzy and trigram features, leaders only
    for i in leaders:
        art = articles[i]
        fuzzy = process.extractOne(query_text, art.unit_texts, scorer=fuzz.token_set_ratio)
        best = sorted((cosine(art.unit_grams[u]) for u in nearest[i]), reverse=True)
        costly[i] = (
            fuzzy[1] / 100 if fuzzy else 0.0,
            best[0] if best else 0.0,
            sum(best[:3]) / 3,
            cosine(art.doc_grams),
        )
    return [row + costly[i] + tuple(semantic_rows[i]) for i, row in enumerate(rows)]
