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
    "bm25": 1.13,
    "bm25_abs": -0.33,
    "best_unit": 1.575,
    "top_units": 1.138,
    "unit_share": 1.948,
    "bigrams": -0.003,
    "coverage": 1.76,
    "fuzzy": 0.896,
    "prior": 0.538,
    "bayes": 1.244,
    "chars_best": 2.337,
    "chars_top": 2.04,
    "chars_doc": 2.312,
}
# Calibration inputs: the blend margin over the best other candidate, then these features.
CALIBRATION_FEATURES = ("best_unit", "top_units", "bm25_abs", "coverage", "prior")
COEFFICIENTS = (
    0.9478,
    -0.5199,
    1.1586,
    0.7711,
    0.6677,
    -0.571,
    -1.0944,
)  # margin, CALIBRATION_FEATURES, restricted
BIAS = -2.1732
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
