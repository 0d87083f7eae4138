"""Writing a whole index at once: whoosh's segment writer made faster for rebuilds, run in this
process or, for a large rebuild of an on-disk index, in another one while this one analyses the
articles (two cores instead of one)."""

from __future__ import annotations

import gc
import itertools
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import CLEAR, SegmentWriter

from .documents import Document

BACKGROUND_MIN = 10_000  # articles from which a rebuild is written by another process
CHUNK = 500  # articles sent to the writing process at a time

Items = Iterable[tuple[Document, dict[str, str]]]


def document_fields(doc: Document, analysed: dict[str, str]) -> dict:
    """The whoosh fields of an article: its id, the stored document, its analysed fields."""
    return {"id": doc.id, "doc": json.dumps(doc.to_dict()), **analysed}


class _TermPool:
    """Postings grouped by term. A rebuild adds documents in document-number order, so each
    term's postings arrive sorted and only the distinct terms need sorting (whoosh's own pool
    sorts every posting)."""

    def __init__(self) -> None:
        self.terms: dict[tuple[str, bytes], list] = {}

    def add(self, item) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        postings = self.terms.get((fieldname, tbytes))
        if postings is None:
            postings = self.terms[fieldname, tbytes] = []
        postings.append((docnum, weight, vbytes))

    def cleanup(self) -> None:
        self.terms.clear()


class RebuildWriter(SegmentWriter):
    """whoosh's segment writer for a whole rebuild, faster on large ones: postings grouped by
    term (:class:`_TermPool`) and written a block at a time with each document's field lengths
    read once (whoosh's writer handles each posting in Python calls of its own), and posting
    blocks left uncompressed (whoosh records that per block, so any reader reads them). It
    writes the same postings and block statistics as whoosh's writer (tested)."""

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, codec=W3Codec(compression=0), **kwargs)
        self.pool = _TermPool()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        reader = self.per_document_reader()
        doc_count = self.docnum - self.docbase
        fields, terms = self.fieldwriter, self.pool.terms
        for fieldname, tbytes in sorted(terms):
            if fieldname != fields._fieldname:
                if fields._infield:
                    fields.finish_field()
                fields.start_field(fieldname, self.schema[fieldname])
                length = reader.doc_field_length_reader(fieldname)
                lengths = [length(docnum) for docnum in range(doc_count)]
            fields.start_term(tbytes)
            _add_postings(fields._postwriter, terms[fieldname, tbytes], lengths)
            fields.finish_term()
        if fields._infield:
            fields.finish_field()
        fields.close()
        reader.close()


def _add_postings(postwriter, postings: list, lengths: list[int]) -> None:
    """What whoosh's ``add_posting`` does for each of a term's ``postings`` (docnum, weight,
    value bytes; in docnum order), a block at a time."""
    limit = postwriter._blocklimit
    for start in range(0, len(postings), limit):
        if start:
            postwriter._write_block()
        docnums, weights, values = zip(*postings[start : start + limit], strict=True)
        postwriter._ids.extend(docnums)
        postwriter._weights.extend(weights)
        postwriter._values.extend(v for v in values if v)
        postwriter._maxweight = max(0, *weights)
        sizes = [size for size in map(lengths.__getitem__, docnums) if size]
        if sizes:
            postwriter._minlength, postwriter._maxlength = min(sizes), max(sizes)


def write_all(ix, items: Items, timeout: float) -> None:
    """Replace everything in the whoosh index ``ix`` with ``items`` (a document and its
    analysed fields each) in one commit; readers keep the old segments until they reopen."""
    writer = RebuildWriter(ix, timeout=timeout, compound=False)
    try:
        for doc, analysed in items:
            writer.add_document(**document_fields(doc, analysed))
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=CLEAR)


class WriterFailed(RuntimeError):
    """The process writing the index failed; the index is unchanged."""


def write_in_background(
    path, items: Items, timeout: float, meanwhile: Callable[[], None] | None = None
) -> None:
    """:func:`write_all` on the index in directory ``path``, run by a child Python process
    (``python -m social.matching.writer``) that receives ``items`` in pickled chunks on its
    standard input while this process produces them. Raises :class:`WriterFailed` if the child
    fails; if producing ``items`` raises, the child cancels its writer and the error propagates.
    Either way the index is left as it was. ``meanwhile`` runs while the child commits (the
    rebuild can no longer be cancelled then: an error in it propagates once the child is done)."""
    package_root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([package_root, *sys.path])}
    child = subprocess.Popen(
        [sys.executable, "-m", __name__, str(path), str(timeout)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        iterator = iter(items)
        while chunk := list(itertools.islice(iterator, CHUNK)):
            pickle.dump(chunk, child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(None, child.stdin)
        child.stdin.flush()
    except BrokenPipeError:  # the child stopped reading: it failed
        meanwhile = None
    except BaseException:
        child.stdin.close()  # the child sees the stream end early and cancels its writer
        try:
            child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
        raise
    try:
        if meanwhile is not None:
            meanwhile()
    finally:
        _, error = child.communicate()
    if child.returncode != 0:
        message = error.decode(errors="replace").strip().splitlines()
        raise WriterFailed(
            f"writing the index failed (exit code {child.returncode}): "
            f"{message[-1] if message else 'no message'}"
        )


class _Cancelled(Exception):
    """The parent process stopped sending before the end."""


def _received(stream) -> Iterator[tuple[Document, dict[str, str]]]:
    while True:
        try:
            chunk = pickle.load(stream)
        except EOFError:
            raise _Cancelled from None
        if chunk is None:
            return
        yield from chunk


def main() -> None:
    """The child of :func:`write_in_background`: ``python -m social.matching.writer PATH
    TIMEOUT``, items from standard input."""
    gc.disable()  # a short-lived process that frees everything at exit
    path, timeout = sys.argv[1], float(sys.argv[2])
    try:
        write_all(whoosh_index.open_dir(path), _received(sys.stdin.buffer), timeout)
    except _Cancelled:
        sys.exit("cancelled: the parent process stopped before the end")
    except Exception as exc:
        sys.exit(repr(exc))


if __name__ == "__main__":
    main()
