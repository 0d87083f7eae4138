"""No input string makes normalisation or matching raise."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from social.matching import Document, Matcher, normalize

MATCHER = Matcher()
MATCHER.rebuild(
    [
        Document(id="pw", title="Reset your password", aliases=["forgot my password"]),
        Document(id="fr", title="Comprendre ma facture", lang="fr"),
    ]
)
PIECES = [
    "https://t.co/x ",
    "RT ",
    "@handle ",
    "#DNSdown ",
    "password ",
    "é",
    "😡",
    "\u202e",
    "\x00",
]
TWEETISH = st.lists(st.text(max_size=15) | st.sampled_from(PIECES), max_size=20).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(TWEETISH)
def test_normalize_never_raises(text):
    norm = normalize(text)
    assert norm.lang in {"en", "fr"}
    assert len(norm.terms) == len(norm.sources)


@settings(max_examples=200, deadline=None)
@given(TWEETISH, st.integers(min_value=-2, max_value=20))
def test_match_never_raises_and_scores_are_probabilities(text, limit):
    MATCHER.rank(text)  # the matching steps themselves, without match()'s safety net
    results = MATCHER.match(text, limit=limit)
    assert len(results) <= max(limit, 0)
    assert all(0.0 <= r.score <= 1.0 for r in results)
