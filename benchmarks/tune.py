"""Fit the blend weights and the calibration in social/matching/calibration.py on the dev sets.

    python -m benchmarks.tune [--eval-dir DIR] [--vector-cache FILE] [--lexical]
    (from the project root; default $ONEREPLY_SHARED_DIR/eval or ../shared/eval)

Fits ``calibration.SEMANTIC`` with the shipped sentence-embedding model (``--lexical``: fits
``calibration.LEXICAL``, the matcher without a model). ``--vector-cache`` keeps the dev sets'
vectors in a dbm file between runs.

Each dev set's queries are split in two by position (even: tune, odd: check); "start" figures
are those of the weights currently in calibration.py. Weights are fit on the tune halves by
listwise softmax regression (see ``fit_weights``), the logistic calibration on the tune halves;
the confident thresholds (open retrieval; ranking among given candidates) are the lowest, at
least 0.9, at which every whole dev set of that kind is at least 90% right. Leave-one-set-out:
the calibration fit on the other two sets' tune halves, its threshold chosen as when shipping
from those of them of the third set's kind, and the confident share and precision that gives
on the third set.
Prints JSON: the constants, P@1 on both halves, the leave-one-set-out figures.
"""

from __future__ import annotations

import argparse
import dbm
import json
import math
import os
import sys
from pathlib import Path

import numpy as np

from social.matching import Matcher, calibration
from social.matching.documents import read_jsonl
from social.matching.evaluate import load_documents
from social.matching.rerank import FEATURES

ROOT = Path(__file__).resolve().parents[1]
SETS = ("stackfaq", "banking77", "ibm-twitter")
EPOCHS, RATE, L2 = 300, 0.05, 0.001
TARGET_PRECISION = 0.9
TIE_BREAKER = FEATURES.index("prior")  # its weight stays >= 0.05, see fit_weights
SEMANTIC_INPUTS = ("sem_max", "sem_margin", "agree")


class DiskVectors:
    """A vector store in a dbm file (dev-set vectors kept between tuning runs)."""

    def __init__(self, path: str) -> None:
        self.db = dbm.open(path, "c")

    def get_many(self, keys):
        return {k: self.db[k] for k in keys if k in self.db}

    def put_many(self, items) -> None:
        for key, value in items.items():
            self.db[key] = value

    def cached_queries(self, vectors):
        """Wrap ``vectors.query`` to keep the complaints' vectors here too."""
        encode = vectors.query

        def query(text):
            key = "q" + vectors.encoder.key(text, query=True)
            if key not in self.db:
                self.db[key] = encode(text).astype(np.float32).tobytes()
            return np.frombuffer(self.db[key], dtype=np.float32)

        vectors.query = query


def collect(eval_dir: Path, name: str, options: dict) -> tuple[list, list[bool]]:
    """Per query: the feature rows of its candidates, which candidates are relevant, and
    whether it ranks among given candidates; and whether the model alone ranks a relevant
    article first (see ``model_alone``)."""
    matcher = Matcher(**options)
    store = options.get("vectors")
    if store is not None and matcher.semantic is not None:
        store.cached_queries(matcher.semantic)
    matcher.rebuild(load_documents(str(eval_dir / name / "docs.jsonl")))
    out, alone = [], []
    for query in read_jsonl(eval_dir / name / "queries-dev.jsonl"):
        relevant = {str(r) for r in query["relevant"]}
        cands = query.get("candidates")
        _, pool, rows, _ = matcher.rank(query["text"], [str(c) for c in cands] if cands else None)
        ordered = sorted(
            zip(pool, rows, strict=True), key=lambda pr: pr[0].doc.id
        )  # ties as in match()
        rows = [row for _, row in ordered]
        out.append((rows, [a.doc.id in relevant for a, _ in ordered], cands is not None))
        alone.append(model_alone(matcher, query["text"], cands) in relevant)
    return out, alone


def model_alone(matcher: Matcher, text: str, candidates) -> str | None:
    """The article (among ``candidates`` if given) whose closest unit vector is closest to the
    complaint's: the sentence-embedding model without the matcher."""
    if matcher.semantic is None:
        return None
    query = matcher.semantic.query(text)
    vectors = matcher._vectors
    ids = [str(c) for c in candidates if str(c) in vectors] if candidates else sorted(vectors)
    best = {i: float((vectors[i][:-1].astype(np.float32) @ query).max()) for i in ids}
    return max(best, key=best.__getitem__, default=None)


def ranked(rows, weights):
    scores = [sum(w * f for w, f in zip(weights, row, strict=True)) for row in rows]
    return sorted(range(len(rows)), key=lambda i: -scores[i]), scores


def p_at_1(queries, weights) -> float:
    hits = 0
    for rows, rel, _ in queries:
        if rows:
            order, _ = ranked(rows, weights)
            hits += rel[order[0]]
    return hits / len(queries)


def fit_weights(tune: dict[str, list], epochs: int = EPOCHS) -> list[float]:
    """Listwise softmax regression: maximise the mean (over sets, each weighing the same) log
    probability of the relevant candidates under a softmax of the blend scores, with a little
    L2; full-batch Adam from zero weights. The loss is convex, so the start hardly matters, and
    unlike coordinate ascent on P@1 it moves every weight at once. The prior's weight is kept
    at least 0.05: among equal candidates, the more answered one comes first (the dev sets,
    where the prior is uninformative or misleading, would push it below 0)."""
    train = [
        (rows, rel, 1.0 / len(queries))
        for queries in tune.values()
        for rows, rel, _ in queries
        if rows and any(rel)
    ]
    width = max(len(rows) for rows, _, _ in train)
    x = np.zeros((len(train), width, len(FEATURES)))
    present = np.zeros((len(train), width), dtype=bool)
    relevant = np.zeros((len(train), width), dtype=bool)
    share = np.array([s for _, _, s in train])
    for q, (rows, rel, _) in enumerate(train):
        x[q, : len(rows)], present[q, : len(rows)], relevant[q, : len(rel)] = rows, True, rel
    weights, m, v = np.zeros(len(FEATURES)), np.zeros(len(FEATURES)), np.zeros(len(FEATURES))
    for epoch in range(1, epochs + 1):
        scores = np.where(present, x @ weights, -np.inf)
        probs = np.exp(scores - scores.max(1, keepdims=True))
        probs /= probs.sum(1, keepdims=True)
        p_rel = np.where(relevant, probs, 0.0).sum(1, keepdims=True)
        c = share[:, None] * (probs - np.where(relevant, probs / p_rel, 0.0))
        grad = L2 * weights + np.einsum("qr,qrf->f", c, x)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        weights -= RATE * (m / (1 - 0.9**epoch)) / (np.sqrt(v / (1 - 0.999**epoch)) + 1e-8)
        weights[TIE_BREAKER] = max(weights[TIE_BREAKER], 0.05)
    return [round(float(w), 3) for w in weights]


def top1_points(queries, weights, cal):
    """(calibration inputs, correct) of each query's first result."""
    points = []
    for rows, rel, restricted in queries:
        if not rows:
            continue
        order, scores = ranked(rows, weights)
        second = scores[order[1]] if len(order) > 1 else 0.0
        x = cal.inputs_of(rows, order[0], scores[order[0]] - second, restricted)
        points.append((x, rel[order[0]]))
    return points


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-60, min(60, z))))


def fit_logistic(points, steps: int = 8000, rate: float = 4.0):
    """Coefficients and bias of a logistic regression, by gradient descent."""
    x = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points], dtype=float)
    coef, bias = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        err = 1 / (1 + np.exp(-np.clip(bias + x @ coef, -60, 60))) - y
        coef -= rate * (x.T @ err) / len(y)
        bias -= rate * float(err.sum()) / len(y)
    return coef.tolist(), bias


def confident_threshold(per_set_probs) -> float:
    """The lowest probability threshold, at least TARGET_PRECISION itself (a badge that
    promises 90% is never given below a calibrated 90%: easy dev sets pass lower thresholds
    that a new domain does not), at which every set's confident answers are at least
    TARGET_PRECISION right (a set with no confident answer at a threshold passes, but some set
    must have one: a threshold above every answer is "never", 1.0)."""
    for t in [x / 1000 for x in range(round(TARGET_PRECISION * 1000), 1000, 5)]:
        ok, any_kept = True, False
        for probs in per_set_probs:
            kept = [y for p, y in probs if p >= t]
            any_kept = any_kept or bool(kept)
            if kept and sum(kept) / len(kept) < TARGET_PRECISION:
                ok = False
        if ok and any_kept:
            return t
    return 1.0


def share_precision(probs, threshold: float) -> tuple[float, float | None]:
    kept = [y for p, y in probs if p >= threshold]
    return round(len(kept) / len(probs), 4), round(sum(kept) / len(kept), 4) if kept else None


def leave_one_set_out(tune, check, weights, cal, restricted) -> dict:
    """Per set: confident share and precision on its check half of the calibration fit on the
    other sets' tune halves, with the threshold chosen as when shipping: the lowest at which the
    other sets of the held-out set's kind (open retrieval, or ranking given candidates:
    ``restricted``) are 90% right, and "never" (1.0) when no other set is of its kind."""
    out = {}
    for held in tune:
        others = [n for n in tune if n != held]
        coef, bias = fit_logistic([p for n in others for p in top1_points(tune[n], weights, cal)])

        def probs(queries, coef=coef, bias=bias):
            return [
                (sigmoid(bias + sum(c * v for c, v in zip(coef, x, strict=True))), y)
                for x, y in top1_points(queries, weights, cal)
            ]

        kind = [n for n in others if (n in restricted) == (held in restricted)]
        threshold = confident_threshold([probs(tune[n]) for n in kind])
        out[held] = {
            "threshold": threshold,
            "share_precision": share_precision(probs(check[held]), threshold),
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    default = Path(os.environ.get("ONEREPLY_SHARED_DIR", ROOT / ".." / "shared")) / "eval"
    parser.add_argument("--eval-dir", default=default)
    parser.add_argument("--vector-cache", help="a dbm file for the dev sets' vectors")
    parser.add_argument("--lexical", action="store_true", help="fit the matcher without model")
    args = parser.parse_args()
    if args.lexical:
        options, start_cal = {"model": None}, calibration.LEXICAL
        cal = start_cal
    else:
        options = {"vectors": DiskVectors(args.vector_cache)} if args.vector_cache else {}
        start_cal = calibration.SEMANTIC
        cal = calibration.Calibration({}, SEMANTIC_INPUTS, (), 0.0, 0.5, 1.0)
    collected = {name: collect(Path(args.eval_dir), name, options) for name in SETS}
    data = {name: queries for name, (queries, _) in collected.items()}
    tune = {name: q[0::2] for name, q in data.items()}
    check = {name: q[1::2] for name, q in data.items()}
    start = start_cal.vector()
    weights = fit_weights(tune)
    points = [p for q in tune.values() for p in top1_points(q, weights, cal)]
    coef, bias = fit_logistic(points)

    def probs(queries):
        return [
            (sigmoid(bias + sum(c * v for c, v in zip(coef, x, strict=True))), y)
            for x, y in top1_points(queries, weights, cal)
        ]

    restricted = {n for n, q in data.items() if any(r for _, _, r in q)}
    threshold = confident_threshold([probs(q) for n, q in data.items() if n not in restricted])
    threshold_restricted = confident_threshold([probs(data[n]) for n in restricted])
    report = {
        "weights": dict(zip(FEATURES, weights, strict=True)),
        "inputs": cal.inputs,
        "coefficients": [round(c, 4) for c in coef],
        "bias": round(bias, 4),
        "confident_at": threshold,
        "confident_at_restricted": threshold_restricted,
        "p_at_1_start": {n: round(p_at_1(q, start), 4) for n, q in data.items()},
        "p_at_1_start_tune_half": {n: round(p_at_1(q, start), 4) for n, q in tune.items()},
        "p_at_1_start_check_half": {n: round(p_at_1(q, start), 4) for n, q in check.items()},
        "p_at_1_tune_half": {n: round(p_at_1(q, weights), 4) for n, q in tune.items()},
        "p_at_1_check_half": {n: round(p_at_1(q, weights), 4) for n, q in check.items()},
        "p_at_1_model_alone_check_half": {
            n: round(sum(hits[1::2]) / len(hits[1::2]), 4) for n, (_, hits) in collected.items()
        },
        "check_confident_share_precision": {
            n: share_precision(probs(q), threshold_restricted if n in restricted else threshold)
            for n, q in check.items()
        },
        "leave_one_set_out": leave_one_set_out(tune, check, weights, cal, restricted),
    }
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
