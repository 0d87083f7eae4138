"""What site search asks of the matcher: one language only, word completions, the documents."""

from social.matching import Document, Matcher


def make_matcher():
    matcher = Matcher()
    matcher.rebuild(
        [
            Document(id="1", title="Why do my e-mails bounce?", body="Bounce notices.", lang="en"),
            Document(id="2", title="Pourquoi mes e-mails reviennent ?", body="Bounce.", lang="fr"),
            Document(id="3", title="Boundaries of your plan", body="Quota.", lang="en"),
        ]
    )
    return matcher


def test_only_lang_retrieves_articles_of_that_language():
    matcher = make_matcher()
    assert {m.doc_id for m in matcher.match("bounce", limit=5)} == {"1", "2"}
    assert [m.doc_id for m in matcher.match("bounce", limit=5, only_lang="en")] == ["1"]
    assert [m.doc_id for m in matcher.match("bounce", limit=5, only_lang="fr")] == ["2"]
    assert matcher.match("bounce", limit=5, only_lang="de") == []
    matcher.add_or_update(Document(id="4", title="Mails rebondissent", body="bounce", lang="fr"))
    assert {m.doc_id for m in matcher.match("bounce", limit=5, only_lang="fr")} == {"2", "4"}


def test_completions_are_known_terms_most_frequent_first():
    matcher = make_matcher()
    assert matcher.completions("bou") == ["bounc", "boundari"]
    assert matcher.completions("BOUN", limit=1) == ["bounc"]
    assert matcher.completions("zz") == [] and matcher.completions("") == []
    matcher.remove("3")
    assert matcher.completions("bou") == ["bounc"]


def test_document_returns_the_indexed_document():
    matcher = make_matcher()
    assert matcher.document("2").title == "Pourquoi mes e-mails reviennent ?"
    assert matcher.document("nope") is None
