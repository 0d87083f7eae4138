"""The whoosh BM25F index of articles: schema, persistence, writes and searches.

Fields hold terms already produced by :func:`normalize` (stemmed per the article's language,
accent-free), so documents and complaints are analysed by the same code. Each article's full
``Document`` is stored as JSON, which lets a reopened index restore the matcher's state.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.system import pack_uint

from .documents import Document
from .writer import BACKGROUND_MIN, document_fields, write_all, write_in_background

log = logging.getLogger(__name__)

FIELD_BOOSTS = {"title": 1.5, "aliases": 1.5, "tags": 1.0, "body": 0.7}
WRITE_TIMEOUT_S = 10.0
DIRECT_POSTINGS_MAX = 20_000  # see search(): block reads beat pruning up to ~15k-30k postings
REMEMBERED_POSTINGS = 200_000  # scores a SearchView keeps, at most (~20 MB)


class IndexUnavailable(RuntimeError):
    """The index directory exists but cannot be opened (corrupt, wrong format, unreadable)."""


class TermsField(TEXT):
    """A text field whose value is already analysed: space-separated terms. Indexing counts
    them directly instead of running whoosh's analyser over them (same postings, faster)."""

    def __init__(self, field_boost: float) -> None:
        super().__init__(analyzer=RegexTokenizer(r"\S+"), field_boost=field_boost, phrase=False)

    def index(self, value, **kwargs):
        boost = self.format.field_boost
        for term, freq in Counter(value.split()).items():
            yield term.encode("utf-8"), freq, freq * boost, pack_uint(freq)


def make_schema() -> Schema:
    fields = {name: TermsField(field_boost=boost) for name, boost in FIELD_BOOSTS.items()}
    return Schema(id=ID(stored=True, unique=True, sortable=True), doc=STORED, **fields)


class WhooshIndex:
    """One whoosh index, in memory (``path=None``) or in a directory.

    A missing directory is created empty; an unreadable one raises :class:`IndexUnavailable`
    unless ``reset_if_corrupt`` is true, in which case its index files are recreated empty
    (other files in the directory are left alone).
    """

    def __init__(self, path: str | Path | None = None, reset_if_corrupt: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.schema = make_schema()
        if self.path is None:
            self.ix = RamStorage().create_index(self.schema)
            return
        self.path.mkdir(parents=True, exist_ok=True)
        has_toc = any(
            f.name.startswith("_MAIN_") and f.suffix == ".toc" for f in self.path.iterdir()
        )
        if not has_toc:
            if any(self.path.iterdir()) and not reset_if_corrupt:
                raise IndexUnavailable(
                    f"{self.path} is not a matcher index (no index files); "
                    "pass reset_if_corrupt=True or point to an empty directory"
                )
            self.ix = self._create()
            return
        try:
            self.ix = whoosh_index.open_dir(str(self.path))
            with self.ix.searcher() as searcher:  # touch every segment once
                searcher.doc_count()
            if set(self.ix.schema.names()) != set(self.schema.names()):
                raise IndexUnavailable(f"{self.path} has another schema")
        except Exception as exc:
            if not reset_if_corrupt:
                raise IndexUnavailable(
                    f"cannot open the matcher index at {self.path}: {exc!r}; "
                    "rebuild it (Matcher(..., reset_if_corrupt=True) then rebuild(docs))"
                ) from exc
            log.warning("matcher index at %s is unreadable (%r); recreating it empty", path, exc)
            self.ix = self._create()

    def _create(self):
        if self.path is None:
            return RamStorage().create_index(self.schema)
        for f in self.path.iterdir():  # whoosh's own files only: "_MAIN_1.toc", "MAIN_x.seg"...
            if f.is_file() and "MAIN" in f.name:
                f.unlink()
        return whoosh_index.create_in(str(self.path), self.schema)

    def rebuild(
        self,
        items: Iterable[tuple[Document, dict[str, str]]],
        count: int = 0,
        meanwhile: Callable[[], None] | None = None,
    ) -> None:
        """Replace everything with ``items`` (a document and its analysed fields each, about
        ``count`` of them) in one commit; readers keep the old segments until they reopen. A
        large rebuild of an on-disk index is written by another process (see
        :func:`.writer.write_in_background`); ``meanwhile`` runs once every item is sent, while
        that process commits (here, after the commit)."""
        if self.path is not None and count >= BACKGROUND_MIN:
            write_in_background(self.path, items, WRITE_TIMEOUT_S, meanwhile)
        else:
            write_all(self.ix, items, WRITE_TIMEOUT_S)
            if meanwhile is not None:
                meanwhile()

    def upsert(self, doc: Document, analysed: dict[str, str]) -> None:
        writer = self.ix.writer(timeout=WRITE_TIMEOUT_S, compound=False)
        writer.update_document(**document_fields(doc, analysed))
        writer.commit()

    def delete(self, doc_id: str) -> None:
        writer = self.ix.writer(timeout=WRITE_TIMEOUT_S, compound=False)
        writer.delete_by_term("id", doc_id)
        writer.commit()

    def reopen(self) -> None:
        self.ix = self.ix.refresh()

    def stored_documents(self) -> list[Document]:
        with self.ix.searcher() as searcher:
            return [Document.from_dict(json.loads(f["doc"])) for f in searcher.all_stored_fields()]

    def stored_document(self, doc_id: str) -> Document | None:
        with self.ix.searcher() as searcher:
            fields = searcher.document(id=doc_id)
        return None if fields is None else Document.from_dict(json.loads(fields["doc"]))

    def searcher(self):
        return self.ix.searcher(weighting=BM25F())

    def generation(self) -> int:
        return self.ix.latest_generation()


class SearchView:
    """A searcher, its article ids by document number and, built on first use, the reverse;
    and the BM25F scores of the (field, term) pairs searched so far (a view lives as long as its
    index generation, so they stay right): site searches and synonym rewrites repeat terms."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self.ids = searcher.reader().column_reader("id")
        self._docnums: dict[str, int] | None = None
        self.terms: dict[tuple[str, str], tuple[int, list | None]] = {}  # see search()
        self.remembered = 0  # scores in ``terms``

    def docnums(self, ids: Iterable[str]) -> set[int]:
        """The document numbers of the live articles among ``ids``."""
        if self._docnums is None:
            reader = self.searcher.reader()
            self._docnums = {self.ids[d]: d for d in reader.all_doc_ids()}
        known = self._docnums
        return {known[i] for i in ids if i in known}

    def close(self) -> None:
        self.searcher.close()


def search(
    view: SearchView, terms: Sequence[str], limit: int | None, ids: Iterable[str] | None = None
) -> dict[str, float]:
    """BM25F scores of the best ``limit`` articles for an OR of ``terms`` over all fields,
    among ``ids`` when given.

    Short posting lists (the usual case: the matcher searches the rarest terms) are read a
    block at a time and scored here with the statistics of whoosh's BM25F scorers, where
    whoosh's matcher tree, collector and per-posting calls would cost more than the scoring;
    long ones go through ``searcher.search``, whose block-max pruning skips most postings. Both
    give the same scores (whoosh's private codec API is used: ``tests/matching/test_index.py``
    compares them).
    """
    searcher = view.searcher
    allowed = None if ids is None else view.docnums(ids)
    pairs = [(field, term) for term in terms for field in FIELD_BOOSTS]
    known = view.terms
    if view.remembered > REMEMBERED_POSTINGS:
        known.clear()
        view.remembered = 0
    for pair in pairs:
        if pair not in known:
            known[pair] = (_doc_frequency(searcher, *pair), None)
    postings = sum(known[pair][0] for pair in pairs)
    if limit is not None and postings > DIRECT_POSTINGS_MAX:
        query = Q.Or([Q.Term(field, term) for field, term in pairs])
        hits = searcher.search(query, limit=limit, filter=allowed).top_n
        return {view.ids[docnum]: score for score, docnum in hits}
    totals: dict[int, float] = {}
    for pair in pairs:
        frequency, scores = known[pair]
        if scores is None:
            scores = _scores(searcher, *pair) if frequency else []
            known[pair] = (frequency, scores)
            view.remembered += len(scores)
        for docnum, score in scores:
            if allowed is None or docnum in allowed:
                totals[docnum] = totals.get(docnum, 0.0) + score
    best = sorted(totals.items(), key=lambda hit: (-hit[1], hit[0]))[:limit]
    return {view.ids[docnum]: score for docnum, score in best}


def _term_info(reader, field: str, term: str):
    """Whoosh's term info of ``term`` in ``field`` of this segment, or None."""
    try:
        return reader._terms.term_info(field, term.encode("utf-8"))
    except TermNotFound:
        return None


def _doc_frequency(searcher, field: str, term: str) -> int:
    """In how many documents of every segment ``term`` is in ``field`` (deleted ones too)."""
    infos = (_term_info(leaf.reader(), field, term) for leaf, _ in searcher.leaf_searchers())
    return sum(info.doc_frequency() for info in infos if info is not None)


def _scores(searcher, field: str, term: str) -> list[tuple[int, float]]:
    """(document number, BM25F score) of each live document holding ``term`` in ``field``."""
    k1, b = searcher.weighting.K1, searcher.weighting.B
    idf, avgfl = searcher.idf(field, term), searcher.avg_field_length(field) or 1
    found = []
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        info = _term_info(reader, field, term)
        if info is None:
            continue
        deleted = reader.deleted_docs_set
        length = reader._perdoc.doc_field_length_reader(field, 1)
        for docnum, weight in _postings(reader, field, info):
            if docnum not in deleted:
                norm = k1 * ((1 - b) + b * length(docnum) / avgfl)
                found.append((docnum + offset, idf * (weight * (k1 + 1)) / (weight + norm)))
    return found


def _postings(reader, field: str, info):
    """(document number, weight) of each posting of the term whose term info is ``info``, in
    ``field``, deleted documents included, read a block at a time from whoosh 3's codec."""
    terms = reader._terms
    matcher = terms._codec.postings_reader(terms._postfile, info, reader.schema[field].format)
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield from zip(matcher._ids, matcher._weights, strict=True)
        matcher._next_block()
