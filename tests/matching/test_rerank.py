"""Re-ranking features computed directly from analysed articles."""

from social.matching.documents import Document
from social.matching.rerank import FEATURES, analyse, features


def test_bayes_favours_the_article_whose_past_complaints_use_the_words():
    arrival = analyse(
        Document(
            id="arrival",
            title="Card arrival",
            aliases=["my card has not arrived", "card still not arrived", "will my card arrive"],
        )
    )
    delivery = analyse(
        Document(
            id="delivery",
            title="Card delivery estimate",
            aliases=["how long does card delivery take", "card arrived broken"],
        )
    )
    terms = ["card", "arriv"]
    rows = features(terms, [delivery, arrival], {}, {t: 1.0 for t in terms}, vocabulary=20)
    bayes = [row[FEATURES.index("bayes")] for row in rows]
    assert bayes[1] > bayes[0]
    assert abs(sum(bayes) - 1.0) < 1e-9
