"""Blend weights and the calibration of blended scores into probabilities.

Fitted on the dev sets by ``benchmarks/tune.py`` (half of each set's queries; the other half
is the check). A match's score is a logistic regression on its blend margin over the best other
candidate and a few raw features; ``confident`` is ``score >= CONFIDENT_AT`` (or
``CONFIDENT_AT_RESTRICTED`` when ranking among given candidates), the lowest threshold at which
each dev set's confident first answers are at least 90% right.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .rerank import FEATURES

WEIGHTS = {
    "bm25": 1.221,
    "bm25_abs": -0.258,
    "best_unit": 1.496,
    "top_units": 1.01,
    "unit_share": 1.852,
    "bigrams": 0.136,
    "coverage": 1.665,
    "fuzzy": 0.838,
    "prior": 0.66,
    "bayes": 1.221,
    "chars_best": 2.426,
    "chars_top": 2.127,
    "chars_doc": 2.158,
}
# Calibration inputs: the blend margin over the best other candidate, then these features.
CALIBRATION_FEATURES = ("best_unit", "top_units", "bm25_abs", "coverage", "prior")
COEFFICIENTS = (
    0.9683,
    -0.8966,
    1.576,
    0.8063,
    0.4499,
    -0.6026,
    -1.1528,
)  # margin, CALIBRATION_FEATURES, restricted
BIAS = -2.0446
CONFIDENT_AT = 0.5
CONFIDENT_AT_RESTRICTED = 1.0  # ranking among given candidates


def is_confident(probability: float, restricted: bool) -> bool:
    return probability >= (CONFIDENT_AT_RESTRICTED if restricted else CONFIDENT_AT)


def blend(row: Sequence[float], weights: Sequence[float]) -> float:
    return sum(w * f for w, f in zip(weights, row, strict=True))


def calibration_inputs(row: Sequence[float], margin: float, restricted: bool) -> list[float]:
    """Margin, the CALIBRATION_FEATURES of ``row``, and 1.0 when ranking among given
    candidates (a company's own pages: a different, harder task than open retrieval)."""
    features = (row[FEATURES.index(name)] for name in CALIBRATION_FEATURES)
    return [margin, *features, float(restricted)]


def probability(row: Sequence[float], margin: float, restricted: bool = False) -> float:
    """The calibrated probability that the candidate with features ``row`` is right."""
    inputs = calibration_inputs(row, margin, restricted)
    z = BIAS + sum(c * x for c, x in zip(COEFFICIENTS, inputs, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
