"""Blend weights and the calibration of blended scores into probabilities.

Two fits, each by ``benchmarks/tune.py`` on the dev sets (half of each set's queries; the other
half is the check): ``LEXICAL`` for complaints the matcher has no sentence-embedding model for
(no model, or a language the model was not trained on: its semantic features are 0 and its
weights too, the matcher as it was before the semantic stage), and ``SEMANTIC``.

A match's score is a logistic regression on its blend margin over the best other candidate, a
few raw features and (semantic fit) whether the lexical and the semantic rankings agree on it;
``confident`` is ``score >= confident_at`` (or ``confident_at_restricted`` when ranking among
given candidates), the lowest threshold, at least 0.9, at which each dev set's confident first
answers are at least 90% right: the badge promises 90%, and a threshold below the calibrated
90% that an easy dev set allows does not hold on a new domain (leave-one-set-out, RESULTS).
``LEXICAL`` predates that floor (its 0.5 keeps the French complaints' badges 93% right); a
refit with it ranked two English searches worse, so it was not shipped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .rerank import FEATURES


@dataclass(frozen=True)
class Calibration:
    weights: Mapping[str, float]  # missing features weigh 0
    inputs: tuple[str, ...]  # after the margin: features, "agree" or "sem_margin"
    coefficients: tuple[float, ...]  # margin, inputs, restricted
    bias: float
    confident_at: float
    confident_at_restricted: float  # ranking among given candidates

    def vector(self) -> tuple[float, ...]:
        return tuple(self.weights.get(name, 0.0) for name in FEATURES)

    def is_confident(self, probability: float, restricted: bool) -> bool:
        return probability >= (self.confident_at_restricted if restricted else self.confident_at)

    def inputs_of(
        self,
        rows: Sequence[Sequence[float]],
        top: int,
        margin: float,
        restricted: bool,
        firsts: tuple[int, int] | None = None,
    ) -> list[float]:
        """Margin, the ``inputs`` of candidate ``top`` among ``rows``, and 1.0 when ranking
        among given candidates (a company's own pages: a different, harder task). ``firsts``:
        :func:`first_answers` of ``rows``, if known."""
        values = []
        for name in self.inputs:
            if name == "agree":
                values.append(agreement(rows, top, firsts))
            elif name == "sem_margin":
                values.append(semantic_margin(rows, top))
            else:
                values.append(rows[top][FEATURES.index(name)])
        return [margin, *values, float(restricted)]

    def probability(
        self,
        rows: Sequence[Sequence[float]],
        top: int,
        margin: float,
        restricted: bool = False,
        firsts: tuple[int, int] | None = None,
    ) -> float:
        """The calibrated probability that candidate ``top`` among ``rows`` is right."""
        x = self.inputs_of(rows, top, margin, restricted, firsts)
        z = self.bias + sum(c * v for c, v in zip(self.coefficients, x, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def blend(row: Sequence[float], weights: Sequence[float]) -> float:
    return sum(w * f for w, f in zip(weights, row, strict=True))


def agreement(
    rows: Sequence[Sequence[float]], top: int, firsts: tuple[int, int] | None = None
) -> float:
    """1.0 when candidate ``top`` is also first by the lexical blend and by its best semantic
    cosine, 0.5 when by one of them, else 0 (``firsts``: :func:`first_answers`, if known)."""
    by_lexical, by_semantic = firsts or first_answers(rows)
    return ((by_lexical == top) + (by_semantic == top)) / 2


def first_answers(rows: Sequence[Sequence[float]]) -> tuple[int, int]:
    """The candidates first by the lexical blend and by best cosine among ``rows`` (a match
    computes them once for all its results)."""
    sem = FEATURES.index("sem_max")
    return (
        max(range(len(rows)), key=lambda i: blend(rows[i], _LEXICAL_WEIGHTS)),
        max(range(len(rows)), key=lambda i: rows[i][sem]),
    )


def semantic_margin(rows: Sequence[Sequence[float]], top: int) -> float:
    """How much closer candidate ``top``'s best unit is to the complaint than any other's."""
    sem = FEATURES.index("sem_max")
    others = (row[sem] for i, row in enumerate(rows) if i != top)
    return rows[top][sem] - max(others, default=0.0)


LEXICAL = Calibration(
    weights={
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
    },
    inputs=("best_unit", "top_units", "bm25_abs", "coverage", "prior"),
    coefficients=(0.9485, -0.5891, 1.1889, 0.8045, 0.6766, -0.5724, -1.0934),
    bias=-2.1815,
    confident_at=0.5,
    confident_at_restricted=1.0,
)

SEMANTIC = Calibration(
    weights={
        "bm25": 0.166,
        "bm25_abs": -0.102,
        "best_unit": 0.412,
        "top_units": 0.181,
        "unit_share": 0.238,
        "coverage": 1.245,
        "prior": 0.05,
        "bayes": 0.476,
        "fuzzy": 0.457,
        "chars_best": 1.113,
        "chars_top": 1.06,
        "chars_doc": 0.842,
        "sem_max": 1.236,
        "sem_centroid": 1.815,
        "sem_max_pool": 0.931,
        "sem_centroid_pool": 1.308,
        "sem_knn": 1.775,
    },
    inputs=("sem_max", "sem_margin", "agree"),
    coefficients=(1.154, -0.8675, 0.1144, 0.1857, -2.4648),
    bias=0.4771,
    confident_at=0.9,
    confident_at_restricted=1.0,
)

_LEXICAL_WEIGHTS = LEXICAL.vector()
