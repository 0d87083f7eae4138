"""The matcher: ranks articles for a complaint, learns from CMs, stays up to date.

Thread safety: one lock serialises writes (``rebuild``, ``add_or_update``, ``remove``); readers
never take it. Each write publishes a new generation; a reading thread reopens its own whoosh
searcher when the generation changed. In-memory state is swapped or updated key by key, so a
reader sees either the old or the new version of an article, and a removed article is dropped
from the in-memory state before anything else, so it is never returned after ``remove``.
"""

from __future__ import annotations

import gc
import logging
import math
import re
import threading
import time
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import NamedTuple

from rapidfuzz import fuzz, process

from . import calibration, encoder
from .documents import Document, Match
from .encoder import Encoder, ModelConfig
from .index import SearchView, WhooshIndex, search
from .normalize import language_of, normalize, strip_accents
from .rerank import FEATURES, Analysed, analyse, article_grams, features
from .semantic import Centroids, Vectors, VectorStore, pool_features
from .synonyms import Synonyms

log = logging.getLogger(__name__)

RETRIEVE = 30  # BM25F candidates re-ranked when no candidate list is given
SMALL_POOL = 5  # fewer candidates than this are scored against their rivals in meaning too
WIDEN, WEAK_BM25 = 10, 10.0  # the embedding's nearest articles added to a pool whose best
# BM25F score is below WEAK_BM25 (BM25 scores grow with the number and rarity of shared terms)
# The first two candidates hold the same query words and their best units are this close in
# cosine to the complaint: nothing tells them apart, so the first is not confident (the pool's
# nearest-units vote would otherwise turn a 0.01 difference into a clear winner). int8 kernels
# differ between CPUs (VNNI or not) by up to ~0.03 here, so the margin is wider than that.
SEMANTIC_TIE = 0.05
WIDEN_FLOOR = 0.4  # ... if their centroid's cosine is at least this (unrelated texts: < 0.25)
# A complaint whose words alone give a confident first answer this sure is not encoded: on the
# dev sets these answers (20-30 % of open-retrieval complaints) were all right, and the semantic
# stage gave the same ones (benchmarks/RESULTS.md, "Words first").
WORDS_SURE = 0.95
MAX_QUERY_TERMS = 32
SEARCH_TERMS, SEARCH_TERMS_LARGE, LARGE_INDEX = 16, 5, 20_000
COMMON_SHARE, COMMON_MIN_DF = 0.001, 100
DEFAULT_MODEL = ModelConfig()  # the shipped sentence-embedding model
REFRESH_EVERY_S = 2.0  # how often a reader checks the on-disk index for other processes' writes


class Query(NamedTuple):
    """A complaint's query, or one of its synonym rewrites: corrected terms with the word behind
    each, the complaint's folded words (compared by character trigrams: spelling), its language,
    and the text the semantic stage reads (the complaint, or the rewrite's words: the sentence
    model does not know the help center's synonyms)."""

    terms: list[str]
    sources: dict[str, str]
    words: str
    lang: str
    meant: str


class Matcher:
    """Ranks knowledge-base articles for short, noisy complaints.

    ``index_dir=None`` keeps the index in memory; a directory is reopened if it holds an index
    (``IndexUnavailable`` if unreadable, or its index files recreated empty with
    ``reset_if_corrupt=True``; call :meth:`rebuild` then). ``weights`` overrides some of the
    fitted blend weights of :mod:`.calibration` (for experiments; scores stay calibrated only
    with the defaults). ``watch_disk=False`` leaves out the reload when another process commits
    to the same directory: the owner then keeps it in step with :meth:`apply`.

    ``model``: the sentence-embedding model (a :class:`ModelConfig`, the shipped one by default,
    or an :class:`Encoder`); ``None`` or a missing model turns the semantic features off.
    ``vectors``: where article vectors are kept across processes (see :mod:`.semantic`).
    """

    def __init__(
        self,
        index_dir: str | Path | None = None,
        *,
        reset_if_corrupt: bool = False,
        weights: dict[str, float] | None = None,
        model: ModelConfig | Encoder | None = DEFAULT_MODEL,
        vectors: VectorStore | None = None,
        watch_disk: bool = True,
    ) -> None:
        self._calibrations = {
            on: replace(cal, weights={**cal.weights, **(weights or {})})
            for on, cal in ((False, calibration.LEXICAL), (True, calibration.SEMANTIC))
        }
        self._weights = {on: cal.vector() for on, cal in self._calibrations.items()}
        self.weights = self._weights[True]
        if isinstance(model, ModelConfig):
            model = encoder.load(model)
        self.semantic = Vectors(model, vectors) if model is not None else None
        self._vectors: dict = {}
        self._centroids = Centroids(self.semantic.encoder.dim) if self.semantic else None
        self._index = WhooshIndex(index_dir, reset_if_corrupt=reset_if_corrupt)
        self.synonyms = Synonyms()
        self.watch_disk = watch_disk
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._generation = 0
        self._by_lang: tuple[int, dict[str, list[str]]] = (0, {})
        self._checked_at = time.monotonic()
        self._load(self._index.stored_documents())
        self._disk_generation = self._index.generation()

    # -- state -------------------------------------------------------------------------------

    def _load(self, docs: list[Document]) -> None:
        counts = _Counts()
        for doc in docs:
            counts.add(analyse(doc))
        self._install(counts, self._article_vectors(docs))

    def _article_vectors(self, docs: Iterable[Document]) -> dict:
        return self.semantic.articles(docs) if self.semantic is not None else {}

    def _install(self, counts: _Counts, vectors: dict) -> None:
        if self.semantic is not None:
            centroids = Centroids(self.semantic.encoder.dim)
            for doc_id, matrix in vectors.items():
                centroids.set(doc_id, matrix[-1])
            self._centroids = centroids
        self._vectors = vectors
        self._articles, self._df, self._gram_df = counts.articles, counts.df, counts.gram_df
        self._vocab = _buckets(counts.df)
        self._new_generation()

    @property
    def generation(self) -> int:
        """Changes whenever the articles (or their vectors) change."""
        return self._generation

    def _new_generation(self) -> None:
        self._generation += 1

    def _count(self, art: Analysed, delta: int) -> None:
        new_terms = []
        for term in art.terms:
            self._df[term] += delta
            if self._df[term] <= 0:
                del self._df[term]
            elif delta > 0 and self._df[term] == 1:
                new_terms.append(term)
        for initial, terms in _buckets(Counter(new_terms)).items():
            self._vocab[initial] = self._vocab.get(initial, ()) + terms
        for gram in article_grams(art):
            self._gram_df[gram] += delta
            if self._gram_df[gram] <= 0:
                del self._gram_df[gram]

    def __len__(self) -> int:
        return len(self._articles)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._articles

    # -- writes ------------------------------------------------------------------------------

    def rebuild(self, docs: Iterable[Document]) -> None:
        """Replace the whole index with ``docs`` (a later duplicate id wins)."""
        unique = {doc.id: doc for doc in docs}
        analysed, counts, vectors = [], _Counts(), {}

        def fields():
            for doc in unique.values():
                analysed.append(art := analyse(doc))
                yield doc, art.fields

        def meanwhile():  # while the index commits (in another process in a large rebuild)
            for art in analysed:
                counts.add(art)
            vectors.update(self._article_vectors(unique.values()))
            gc.collect()  # once, now, rather than in the first matches

        with self._write_lock, _collector_paused():
            self._index.rebuild(fields(), count=len(unique), meanwhile=meanwhile)
            self._install(counts, vectors)
            self._disk_generation = self._index.generation()

    def add_or_update(self, doc: Document) -> None:
        """Insert ``doc`` or replace the article with its id."""
        art = analyse(doc)
        vectors = self._article_vectors([doc])
        with self._write_lock:
            self._index.upsert(doc, art.fields)
            old = self._articles.get(doc.id)
            self._vectors.update(vectors)  # before the article, which readers look up first
            for doc_id, matrix in vectors.items():
                self._centroids.set(doc_id, matrix[-1])
            self._articles[doc.id] = art
            if old is not None:
                self._count(old, -1)
            self._count(art, +1)
            self._published()

    def remove(self, doc_id: str) -> None:
        """Remove an article; unknown ids are ignored."""
        with self._write_lock:
            old = self._articles.pop(doc_id, None)
            self._vectors.pop(doc_id, None)
            if self._centroids is not None:
                self._centroids.remove(doc_id)
            if old is not None:
                self._count(old, -1)
            self._index.delete(doc_id)
            self._published()

    def apply(self, doc_id: str, doc: Document | None) -> None:
        """Bring one article in step with its source: ``doc`` is its current document, None if
        it is gone. The on-disk index is written only where it differs, so processes sharing a
        directory write a change once and the others only reopen it and update their memory."""
        art = None if doc is None else analyse(doc)
        vectors = {} if doc is None else self._article_vectors([doc])
        with self._write_lock:
            old = self._articles.get(doc_id)
            if art is None:
                self._articles.pop(doc_id, None)  # first: a removed article is never returned
                self._vectors.pop(doc_id, None)
                if self._centroids is not None:
                    self._centroids.remove(doc_id)
            self._index.reopen()
            stored = self._index.stored_document(doc_id)
            if art is None and stored is not None:
                self._index.delete(doc_id)
            elif art is not None and stored != doc:
                self._index.upsert(doc, art.fields)
            if art is not None:
                self._vectors.update(vectors)  # before the article, which readers look up first
                for vector_id, matrix in vectors.items():
                    self._centroids.set(vector_id, matrix[-1])
                self._articles[doc_id] = art
            if old is not None:
                self._count(old, -1)
            if art is not None:
                self._count(art, +1)
            self._published()

    def _published(self) -> None:
        self._new_generation()
        self._disk_generation = self._index.generation()

    def refresh(self) -> bool:
        """Reload if another process committed to the on-disk index; True if it did."""
        with self._write_lock:
            if self._index.generation() == self._disk_generation:
                return False
            self._index.reopen()
            self._load(self._index.stored_documents())
            self._disk_generation = self._index.generation()
            return True

    # -- reads -------------------------------------------------------------------------------

    def _searcher(self):
        """This thread's search view on the current generation."""
        local = self._local
        if getattr(local, "generation", None) != self._generation:
            if getattr(local, "searcher", None) is not None:
                local.searcher.close()
            local.searcher = SearchView(self._index.searcher())
            local.generation = self._generation
        return local.searcher

    def _maybe_refresh(self) -> None:
        if not self.watch_disk or self._index.path is None:
            return
        if time.monotonic() - self._checked_at < REFRESH_EVERY_S:
            return
        self._checked_at = time.monotonic()
        if self._write_lock.acquire(blocking=False):
            try:
                self.refresh()
            finally:
                self._write_lock.release()

    def _correct(self, term: str, known: Collection[str] = ()) -> str | None:
        """``term`` if the index knows it, else its closest known spelling, else None. Terms in
        ``known`` (synonyms' words) are real words, never misspellings of others."""
        if term in self._df:
            return term
        if term in known:
            return None
        squeezed = re.sub(r"(\w)\1", r"\1", term)
        if squeezed in self._df:
            return squeezed
        if len(term) < 4:
            return None
        bucket = self._vocab.get(term[0], ())
        cutoff = 80 if len(term) >= 6 else 75
        best = process.extractOne(term, bucket, scorer=fuzz.ratio, score_cutoff=cutoff)
        return best[0] if best else None

    def set_synonyms(self, synonyms: Synonyms) -> None:
        """Search queries' synonym rewrites too from now on (a new generation: cached results
        computed without them are dropped)."""
        with self._write_lock:
            self.synonyms = synonyms
            self._new_generation()

    def query_terms(self, text: str, lang: str | None = None) -> tuple[list[str], dict[str, str]]:
        """The complaint's corrected, de-duplicated index terms and the word behind each, then
        the terms of its synonym rewrites, behind the words they replace."""
        sources: dict[str, str] = {}
        for query in self._queries(text, lang):
            for term, source in query.sources.items():
                sources.setdefault(term, source)
        return list(sources), sources

    def corrections(self, text: str, lang: str | None = None) -> dict[str, str]:
        """{word typed (folded): the known term searched instead} for its misspelt words (not
        for synonyms' words)."""
        norm = normalize(text, lang=lang)
        known = self.synonyms.words(norm.lang)
        found: dict[str, str] = {}
        for term, source in zip(norm.terms, norm.sources, strict=True):
            fixed = self._correct(term, known)
            if fixed is not None and fixed != term:
                found.setdefault(source, fixed)
        return found

    def _query(self, text: str, lang: str | None) -> Query:
        """The complaint's own query, without synonyms."""
        return self._queries(text, lang, rewrites=False)[0]

    def _queries(self, text: str, lang: str | None, rewrites: bool = True) -> list[Query]:
        """The complaint's query (:meth:`_query`), then each of its synonym rewrites."""
        norm = normalize(text, lang=lang)
        found = [(norm.terms, norm.sources, text)]
        if rewrites and self.synonyms:
            found += self.synonyms.rewrites(norm.terms, norm.sources, norm.lang, norm.tokens)
        known = self.synonyms.words(norm.lang)
        queries = {}
        for terms, sources, meant in found:
            corrected = self._corrected(terms, sources, known)
            query = Query(list(corrected), corrected, norm.text, norm.lang, meant)
            queries.setdefault(tuple(corrected), query)
        return list(queries.values())

    def _corrected(
        self, terms: Sequence[str], sources: Sequence[str], known: Collection[str] = ()
    ) -> dict[str, str]:
        """{corrected term: the word behind it}, in order, without unknown terms or repeats
        (``known``: see :meth:`_correct`)."""
        corrected: dict[str, str] = {}
        for term, source in zip(terms, sources, strict=True):
            fixed = self._correct(term, known)
            if fixed is not None and fixed not in corrected:
                corrected[fixed] = source
            if len(corrected) >= MAX_QUERY_TERMS:
                break
        return corrected

    def _selective(self, terms: list[str]) -> list[str]:
        """The terms worth a BM25F search: the rarest few (fewer in a large index), none in more
        than ``COMMON_MIN_DF`` articles or ``COMMON_SHARE`` of them, whichever is more (they cost
        postings and rank little), unless nothing else is left. Every term counts in re-ranking."""
        n = len(self._articles)
        rare = sorted(terms, key=lambda t: self._df.get(t, 0))
        cap = SEARCH_TERMS if n <= LARGE_INDEX else SEARCH_TERMS_LARGE
        limit = max(COMMON_MIN_DF, COMMON_SHARE * n)
        kept = [t for t in rare[:cap] if self._df.get(t, 0) <= limit]
        return kept or rare[:2]

    def rank(
        self,
        text: str,
        candidates: Collection[str] | None = None,
        lang: str | None = None,
        only_lang: str | None = None,
    ) -> tuple[list[str], list[Analysed], list[tuple[float, ...]], dict[str, str]]:
        """The pieces of a match: query terms, candidate articles, their feature rows and the
        word behind each term. Used by the weight-fitting script."""
        terms, pool, rows, sources, _, shown = self._rank(text, candidates, lang, only_lang)
        return terms, pool[:shown], rows[:shown], sources

    def _rank(
        self,
        text,
        candidates,
        lang,
        only_lang=None,
        vector=None,
        query=None,
        semantic=True,
        retrieved=None,
    ):
        """:meth:`rank` (of ``query``, one of :meth:`_queries`, if given), whether the semantic
        features are on for this complaint (``semantic=False``: off) and how many of the pool's
        first articles may be returned: the others are rivals, the articles closest in meaning
        added to a pool of fewer than :data:`SMALL_POOL`, so that an article alone in using the
        query's words is scored against real alternatives, not sure for want of any.
        ``vector()`` gives the complaint's sentence vector; ``retrieved``, a dict kept between
        two rankings of one query, holds its BM25F retrieval."""
        articles = self._articles
        terms, sources, words, lang, _meant = query or self._query(text, lang)
        if not terms:
            return terms, [], [], sources, False, 0
        if retrieved and "bm25" in retrieved:
            ids, bm25 = retrieved["ids"], retrieved["bm25"]
        elif candidates is not None:
            ids = [c for c in dict.fromkeys(candidates) if c in articles]
            if not ids:
                return terms, [], [], sources, False, 0
            bm25 = search(self._searcher(), self._selective(terms), limit=None, ids=ids)
        else:
            within = None if only_lang is None else self._ids_in(only_lang)
            bm25 = search(self._searcher(), self._selective(terms), limit=RETRIEVE, ids=within)
            ids = list(bm25)
        if retrieved is not None:
            retrieved.update(ids=ids, bm25=bm25)
        pool = [a for a in (articles.get(i) for i in ids) if a is not None]
        shown = len(pool)
        on = semantic and self.semantic is not None and self.semantic.encoder.understands(lang)
        semantic_rows = None
        if on:
            query = vector() if vector is not None else self.semantic.query(text)
            if candidates is None and max(bm25.values(), default=0.0) < WEAK_BM25:
                pool += self._nearest(query, pool, only_lang, WIDEN_FLOOR)
            if not pool:
                return terms, [], [], sources, False, 0
            shown = len(pool)
            if candidates is None and shown < SMALL_POOL:
                pool += self._nearest(query, pool, only_lang)
            semantic_rows = pool_features(query, [self._vectors.get(a.doc.id) for a in pool])
        elif not pool:
            return terms, [], [], sources, False, 0
        n = max(len(articles), 1)
        idf = {
            t: math.log(1 + (n - self._df.get(t, 0) + 0.5) / (self._df.get(t, 0) + 0.5))
            for t in terms
        }
        rows = features(
            terms,
            pool,
            bm25,
            idf,
            query_words=words,
            gram_df=self._gram_df,
            n_articles=n,
            weights=self._weights[on],
            vocabulary=len(self._df),
            semantic_rows=semantic_rows,
        )
        return terms, pool, rows, sources, on, shown

    def _nearest(self, query, pool, only_lang, floor=-1.0) -> list[Analysed]:
        """The :data:`WIDEN` articles closest in meaning to ``query`` (centroid cosine at least
        ``floor``) that are not in ``pool`` (in ``only_lang`` if given)."""
        known = {a.doc.id for a in pool}
        near = self._centroids.nearest(query, WIDEN + len(known), floor)
        found = (self._articles.get(i) for i in near if i not in known)
        found = (a for a in found if a is not None)
        if only_lang is not None:
            found = (a for a in found if a.doc.lang == only_lang)
        return list(found)[:WIDEN]

    def meanings(self, texts: Sequence[str], langs: Sequence[str | None]) -> list:
        """Each text's sentence vector (float32, unit length), encoded in batches, or None where
        the semantic stage is off or does not know the text's language (`match` takes it)."""
        if self.semantic is None:
            return [None] * len(texts)
        understands = self.semantic.encoder.understands
        pairs = zip(texts, langs, strict=True)
        known = [understands(language_of(text, lang)) for text, lang in pairs]
        vectors = iter(self.semantic.queries([t for t, k in zip(texts, known, strict=True) if k]))
        return [next(vectors) if k else None for k in known]

    def match(
        self,
        text: str,
        limit: int = 5,
        candidates: Collection[str] | None = None,
        lang: str | None = None,
        only_lang: str | None = None,
        meaning=None,
    ) -> list[Match]:
        """The best ``limit`` articles for ``text``, best first (an empty list when nothing
        matches); with ``only_lang``, only articles in that language are retrieved; ``meaning``:
        the text's vector from :meth:`meanings`, if known. Never raises on bad input:
        unexpected errors are logged and give []."""
        try:
            self._maybe_refresh()
            if limit <= 0:
                return []
            return self._match(text, limit, candidates, lang, only_lang, meaning)
        except Exception:
            log.exception("matching failed for %r", str(text)[:200])
            return []

    def _match(self, text, limit, candidates, lang, only_lang, meaning) -> list[Match]:
        """The matches of the complaint's query, merged with those of its synonym rewrites
        (:func:`_merged`) when it has some."""
        queries = self._queries(text, lang)
        vectors = [meaning] + [None] * (len(queries) - 1)

        def vector(n):  # the complaint's and its rewrites', encoded together when one is needed
            if vectors[n] is None:
                missing = [i for i, v in enumerate(vectors) if v is None]
                found = self.semantic.queries([queries[i].meant for i in missing])
                for i, v in zip(missing, found, strict=True):
                    vectors[i] = v
            return vectors[n]

        ranked = []
        for n, query in enumerate(queries):
            encoded = vectors[n] is not None
            args = (text, limit, candidates, lang, only_lang, partial(vector, n), query, encoded)
            ranked.append(self._ranked(*args))
        if len(ranked) == 1:
            return ranked[0]
        return _merged(ranked, limit, [_reach(query) for query in queries])

    def _ranked(
        self, text, limit, candidates, lang, only_lang, vector, query, encoded
    ) -> list[Match]:
        """The matches of one query: by its words alone when they leave no doubt
        (:data:`WORDS_SURE`, open retrieval only) and the complaint is not encoded yet (that
        pass only saves encoding it), else with the semantic stage if it is on."""
        semantic = self.semantic is not None and self.semantic.encoder.understands(query.lang)
        retrieved: dict = {}
        if semantic and candidates is None and not encoded:
            args = (text, limit, candidates, lang, only_lang, vector, query, False, retrieved)
            sure = self._scored(*args)
            alone = len(retrieved.get("ids", ())) < SMALL_POOL  # sure against no alternative
            if sure and sure[0].confident and sure[0].score >= WORDS_SURE and not alone:
                return sure
        args = (text, limit, candidates, lang, only_lang, vector, query, semantic, retrieved)
        return self._scored(*args)

    def _scored(self, text, limit, candidates, lang, only_lang, vector, query, semantic, retrieved):
        terms, pool, rows, sources, on, shown = self._rank(
            text, candidates, lang, only_lang, vector, query, semantic, retrieved
        )
        if not shown:
            return []
        cal, weights = self._calibrations[on], self._weights[on]
        scores = [calibration.blend(row, weights) for row in rows]
        order = sorted(range(len(pool)), key=lambda i: (-scores[i], pool[i].doc.id))
        listed = [i for i in order if i < shown]  # rivals are not returned
        top = listed[0]
        others = [i for i in order if i != top]  # rivals included
        restricted = candidates is not None
        tied = on and bool(others) and _tied(terms, pool, rows, top, others[0])
        # the only article using the words, and no rival in meaning to weigh it against
        alone = not others and not restricted
        best, second = scores[order[0]], scores[order[1]] if len(order) > 1 else 0.0
        results, ceiling = [], 1.0
        firsts = calibration.first_answers(rows) if "agree" in cal.inputs else None
        for rank, i in enumerate(listed[:limit]):
            # against the best other candidate, a rival included
            margin = scores[i] - (second if i == order[0] else best)
            # a lower-ranked match never scores above a higher-ranked one
            prob = cal.probability(rows, i, margin, restricted, firsts)
            ceiling = prob = min(ceiling, prob)
            art = pool[i]
            results.append(
                Match(
                    doc_id=art.doc.id,
                    title=art.doc.title,
                    url=art.doc.url,
                    score=round(prob, 4),
                    confident=rank == 0
                    and not (tied or alone)
                    and cal.is_confident(prob, restricted),
                    matched_terms=[sources[t] for t in terms if t in art.terms],
                )
            )
        articles = self._articles  # an article removed while this match ran is not returned
        return [result for result in results if result.doc_id in articles]

    def document(self, doc_id: str) -> Document | None:
        """The indexed document with this id (None if unknown)."""
        art = self._articles.get(doc_id)
        return art.doc if art is not None else None

    def _ids_in(self, lang: str) -> list[str]:
        """The ids of the articles in ``lang`` (listed once per generation)."""
        cached = self._by_lang
        if cached[0] != self._generation:
            by_lang: dict[str, list[str]] = {}
            for doc_id, art in list(self._articles.items()):
                by_lang.setdefault(art.doc.lang, []).append(doc_id)
            cached = self._by_lang = (self._generation, by_lang)
        return cached[1].get(lang, [])

    def completions(self, prefix: str, limit: int = 3) -> list[str]:
        """Known terms that start with ``prefix`` (folded), the most frequent first: what a
        visitor is probably typing."""
        prefix = strip_accents(prefix.casefold())
        if not prefix:
            return []
        df = self._df
        found = [t for t in self._vocab.get(prefix[0], ()) if t.startswith(prefix) and t in df]
        return sorted(found, key=lambda t: (-df[t], t))[:limit]

    def match_many(self, texts: Iterable[str], limit: int = 5) -> list[list[Match]]:
        """:meth:`match` for each text, in order (their vectors encoded in batches)."""
        texts = list(texts)
        meanings = self.meanings(texts, [None] * len(texts))
        return [
            self.match(text, limit=limit, meaning=meaning)
            for text, meaning in zip(texts, meanings, strict=True)
        ]


class _Counts:
    """Articles (distinct ids) and the article frequencies of their terms and trigrams."""

    def __init__(self) -> None:
        self.articles: dict[str, Analysed] = {}
        self.df: Counter[str] = Counter()
        self.gram_df: Counter[str] = Counter()

    def add(self, art: Analysed) -> None:
        self.articles[art.doc.id] = art
        self.df.update(art.terms)
        self.gram_df.update(article_grams(art))


def _reach(query: Query) -> int:
    """How many of the complaint's words a query searches: a word the index does not know is
    dropped, and a synonym's rewrite may bring it back."""
    return len({word for source in query.sources.values() for word in source.split()})


def _merged(ranked: list[list[Match]], limit: int, reach: Sequence[int]) -> list[Match]:
    """One ranking from the rankings of a query and its rewrites: each article scores the mean
    of its scores in them (0 where it is not listed), so that one rewrite alone does not decide,
    weighted by how many of the complaint's words each searched (:func:`_reach`); it is
    confident if it is first everywhere and confident somewhere."""
    firsts = {found[0].doc_id for found in ranked if found}
    total = sum(reach) or 1
    by_id: dict[str, list[tuple[Match, int]]] = {}
    for found, weight in zip(ranked, reach, strict=True):
        for match in found:
            by_id.setdefault(match.doc_id, []).append((match, weight))
    merged = [
        replace(
            matches[0][0],
            score=round(sum(m.score * w for m, w in matches) / total, 4),
            confident=firsts == {doc_id} and any(m.confident for m, _ in matches),
            matched_terms=list(dict.fromkeys(t for m, _ in matches for t in m.matched_terms)),
        )
        for doc_id, matches in by_id.items()
    ]
    merged.sort(key=lambda m: (-m.score, m.doc_id))
    return merged[:limit]


def _tied(terms, pool, rows, first, second) -> bool:
    """Whether candidates ``first`` and ``second`` (indexes in ``pool``) match the same query
    terms and are as close in meaning (best-unit cosines within ``SEMANTIC_TIE``)."""
    if {t for t in terms if t in pool[first].terms} != {
        t for t in terms if t in pool[second].terms
    }:
        return False
    sem = FEATURES.index("sem_max")
    return abs(rows[first][sem] - rows[second][sem]) < SEMANTIC_TIE


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector while a rebuild creates millions of long-lived
    objects: each full collection would scan them all again (~15 % of a 100k-article rebuild)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _buckets(terms: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Terms grouped by first character, the candidates for correcting a misspelt term; sorted,
    so that a tie between two corrections goes the same way on every run."""
    groups: dict[str, list[str]] = {}
    for term in terms:
        groups.setdefault(term[0], []).append(term)
    return {initial: tuple(sorted(group)) for initial, group in groups.items()}
