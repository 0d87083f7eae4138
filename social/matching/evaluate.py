"""Measure the matcher on a labelled set.

``python -m social.matching.evaluate --docs DOCS.jsonl --queries QUERIES.jsonl`` prints one JSON
object: p_at_1, mrr, recall_at_5, n, confident_share, confident_precision, p50_ms, p95_ms.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from collections.abc import Iterable, Sequence

from .documents import Document, InvalidDocument, read_jsonl
from .matcher import Matcher


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100) by nearest rank; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def evaluate(matcher: Matcher, queries: Iterable[dict]) -> dict:
    """Rank every query's text and score the ranking against its ``relevant`` ids."""
    hits1, rr, hits5, confident, confident_right, latencies = [], [], [], 0, 0, []
    for query in queries:
        relevant = query.get("relevant") or []
        relevant = {str(r) for r in ([relevant] if isinstance(relevant, str | int) else relevant)}
        candidates = query.get("candidates")
        if candidates is not None:
            candidates = [str(c) for c in candidates]
        start = time.perf_counter()
        ranked = matcher.match(query.get("text") or "", limit=10, candidates=candidates)
        latencies.append((time.perf_counter() - start) * 1000)
        ids = [m.doc_id for m in ranked]
        first = next((i for i, doc_id in enumerate(ids) if doc_id in relevant), None)
        hits1.append(first == 0)
        rr.append(0.0 if first is None else 1.0 / (first + 1))
        hits5.append(first is not None and first < 5)
        if ranked and ranked[0].confident:
            confident += 1
            confident_right += first == 0
    n = len(hits1)
    return {
        "p_at_1": round(sum(hits1) / n, 4) if n else 0.0,
        "mrr": round(statistics.fmean(rr), 4) if n else 0.0,
        "recall_at_5": round(sum(hits5) / n, 4) if n else 0.0,
        "n": n,
        "confident_share": round(confident / n, 4) if n else 0.0,
        "confident_precision": round(confident_right / confident, 4) if confident else None,
        "p50_ms": round(percentile(latencies, 50), 3),
        "p95_ms": round(percentile(latencies, 95), 3),
    }


def load_documents(path: str) -> list[Document]:
    """The valid documents of a JSON-lines file; invalid ones are reported on stderr."""
    docs, skipped = [], []
    for data in read_jsonl(path):
        try:
            docs.append(Document.from_dict(data))
        except InvalidDocument as exc:
            skipped.append(str(exc))
    if skipped:
        print(f"skipped {len(skipped)} invalid documents, e.g. {skipped[0]}", file=sys.stderr)
    return docs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", required=True, help="documents, one JSON object a line")
    parser.add_argument("--queries", required=True, help="queries, one JSON object a line")
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(message)s", level=logging.WARNING)  # skipped lines
    matcher = Matcher()
    matcher.rebuild(load_documents(args.docs))
    json.dump(evaluate(matcher, read_jsonl(args.queries)), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
