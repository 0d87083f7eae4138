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
    "bm25": 1.125,
    "bm25_abs": -0.316,
    "best_unit": 1.578,
    "top_units": 1.165,
    "unit_share": 1.956,
    "coverage": 1.756,
    "fuzzy": 0.93,
    "prior": 0.514,
    "bayes": 1.251,
    "chars_best": 2.304,
    "chars_top": 2.088,
    "chars_doc": 2.229,
}
# Calibration inputs: the blend margin over the best other candidate, then these features.
CALIBRATION_FEATURES = ("best_unit", "top_units", "bm25_abs", "coverage", "prior")
COEFFICIENTS = (
    0.9485,
    -0.5891,
    1.1889,
    0.8045,
    0.6766,
    -0.5724,
    -1.0934,
)  # margin, CALIBRATION_FEATURES, restricted
BIAS = -2.1815
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
