"""Calibrated scores: probabilities in [0, 1] that grow with the evidence."""

from social.matching import Document, Matcher, calibration
from social.matching.rerank import FEATURES


def test_probability_is_bounded_and_grows_with_margin_and_match_strength():
    weak = [[0.0] * len(FEATURES)]
    strong = [[1.0] * len(FEATURES)]
    lexical = calibration.LEXICAL
    assert 0.0 < lexical.probability(weak, 0, 0.0) < lexical.probability(strong, 0, 0.0) < 1.0
    for cal in (calibration.LEXICAL, calibration.SEMANTIC):
        assert cal.probability(strong, 0, 0.0) < cal.probability(strong, 0, 2.0)
        assert 0.0 <= cal.probability(weak, 0, -1e9) <= cal.probability(strong, 0, 1e9) <= 1.0


def test_agreement_of_the_lexical_and_semantic_rankings():
    sem = FEATURES.index("sem_max")
    lexical_first = [1.0] * len(FEATURES)
    lexical_first[sem] = 0.0
    semantic_first = [0.0] * len(FEATURES)
    semantic_first[sem] = 1.0
    rows = [lexical_first, semantic_first]
    assert calibration.agreement(rows, 0) == calibration.agreement(rows, 1) == 0.5
    assert calibration.agreement([[1.0] * len(FEATURES), semantic_first], 0) == 1.0


def test_confident_only_for_a_clear_first_answer():
    m = Matcher()
    m.rebuild(
        [
            Document(
                id="pw",
                title="Reset your password",
                aliases=["forgot my password", "password reset link expired", "reset password"],
            ),
            Document(id="a", title="Printer jam", aliases=["paper stuck in printer"]),
            Document(id="b", title="Printer offline", aliases=["printer not found"]),
        ]
    )
    clear = m.match("forgot my password, need a reset password link")
    assert clear[0].doc_id == "pw" and clear[0].confident
    assert not any(r.confident for r in clear[1:])
    vague = m.match("printer")
    assert vague and not vague[0].confident
    assert clear[0].score > vague[0].score
