"""Search synonyms: a query is also searched rewritten with the synonyms of its words."""

from social.matching import Document, Matcher, Synonyms
from social.matching.normalize import normalize

DOCS = [
    Document(id="1", title="Download your invoices", body="Your invoices are in Billing."),
    Document(id="2", title="My payment failed", body="Your card was declined at checkout."),
    Document(id="3", title="Webmail login", body="Log in to read your mail."),
    Document(
        id="4",
        title="Réinitialiser le mot de passe de votre compte",
        body="Demandez un lien de réinitialisation depuis la page de connexion.",
        lang="fr",
    ),
    Document(
        id="5",
        title="Mon site est en panne",
        body="Vérifiez la page de statut et vos fichiers.",
        lang="fr",
    ),
]
GROUPS = {
    "en": [["invoice", "receipt", "bill"]],
    "fr": [["mot de passe", "mdp"], ["site en panne", "site inaccessible"]],
}


def matcher(groups=GROUPS):
    found = Matcher(model=None)
    found.rebuild(DOCS)
    found.set_synonyms(Synonyms(groups))
    return found


def first(matcher, text, lang):
    matches = matcher.match(text, lang=lang, only_lang=lang)
    return matches[0].doc_id if matches else None


def test_rewrites_replace_a_phrase_with_each_other_phrase_of_its_group():
    synonyms = Synonyms(GROUPS)
    rewrites = synonyms.rewrites(["receipt", "download"], ["receipts", "download"], "en")
    assert rewrites == [
        (["invoic", "download"], ["receipts", "download"], "invoice download"),
        (["bill", "download"], ["receipts", "download"], "bill download"),
    ]
    # a phrase of several words is found as consecutive terms, and replaced as a whole
    assert synonyms.rewrites(["mdp", "oubli"], ["mdp", "oublie"], "fr") == [
        (["mot", "pass", "oubli"], ["mdp", "mdp", "oublie"], "mot de passe oublie")
    ]
    assert synonyms.rewrites(["pass", "mot"], ["passe", "mot"], "fr") == []  # not in order
    assert synonyms.rewrites(["receipt"], ["receipt"], "fr") == []  # groups are per language


def test_a_rewrites_text_is_the_query_with_the_other_phrase_in_place():
    """What the semantic stage reads: every word typed, stopwords included, but the phrase."""
    synonyms = Synonyms({"fr": [["mot de passe", "mdp"]], "en": [["root domain", "naked domain"]]})
    text = "j'ai perdu mon mot de passe du compte"
    norm = normalize(text, lang="fr")
    [rewrite] = synonyms.rewrites(norm.terms, norm.sources, "fr", norm.tokens)
    assert rewrite.text == "j'ai perdu mon mdp du compte"
    norm = normalize("My NAKED domain is down, the naked domain!", lang="en")
    [rewrite] = synonyms.rewrites(norm.terms, norm.sources, "en", norm.tokens)
    assert rewrite.text == "my root domain is down the naked domain"  # the first one only


def test_a_word_only_its_synonym_shares_with_the_article_finds_it():
    plain, with_synonyms = matcher({}), matcher()
    assert first(plain, "receipt please", "en") is None
    assert first(with_synonyms, "receipt please", "en") == "1"
    assert first(plain, "mdp oublié", "fr") is None
    assert first(with_synonyms, "mdp oublié", "fr") == "4"
    assert first(with_synonyms, "site inaccessible depuis ce matin", "fr") == "5"
    found = with_synonyms.match("receipt please", lang="en")[0]
    assert found.matched_terms == ["receipt"]  # the word typed, which the synonym stood for


def test_queries_without_synonyms_rank_as_before():
    plain, with_synonyms = matcher({}), matcher()
    for text in ["my card was declined", "cannot log in to webmail", "payment failed twice"]:
        assert with_synonyms.match(text) == plain.match(text)


def test_synonyms_are_two_way_and_not_transitive():
    chained = matcher({"en": [["invoice", "receipt"], ["receipt", "ticket"]]})
    assert first(chained, "invoice", "en") == "1"
    assert first(chained, "receipt", "en") == "1"
    assert first(chained, "ticket", "en") is None  # ticket = receipt, not receipt = invoice


def test_changing_synonyms_starts_a_new_generation():
    found = matcher({})
    before = found.generation
    found.set_synonyms(Synonyms(GROUPS))
    assert found.generation != before


def test_odd_synonym_groups_are_ignored():
    odd = Synonyms({"en": [[], ["", "  "], ["the", "a"], ["invoice"], ["x" * 500, "\x00"]]})
    assert not odd  # no group has two phrases with terms
    found = matcher({"en": [["invoice", "the", "receipt"]]})
    assert first(found, "the receipt", "en") == "1"


def test_a_synonyms_word_is_never_corrected_as_a_misspelling():
    docs = [
        Document(id="1", title="Choose a name for your site", body="Names are unique."),
        Document(id="2", title="Root domain not working", body="Add an A record on the root."),
    ]
    found = Matcher(model=None)
    found.rebuild(docs)
    assert found.corrections("naked domain", "en") == {"naked": "name"}  # a typo, it seems

    found.set_synonyms(Synonyms({"en": [["root domain", "naked domain"]]}))
    assert found.corrections("naked domain", "en") == {}
    assert found.query_terms("naked domain", "en")[0] == ["domain", "root"]
    assert first(found, "naked domain", "en") == "2"


def test_a_rewrite_that_searches_more_of_the_words_counts_more():
    """ "receipt" is unknown to the index: the query as typed searches "payment" alone, while
    its rewrite searches "invoice" and "payment", so the rewrite's answer wins."""
    docs = [
        Document(id="1", title="Your invoices", body="Each payment has an invoice in Billing."),
        Document(id="2", title="My payment failed", body="Your card was declined at checkout."),
        Document(id="3", title="Webmail login", body="Log in to read your mail."),
    ]
    found = Matcher(model=None)
    found.rebuild(docs)
    assert first(found, "receipt for my payment", "en") == "2"  # by "payment" alone

    found.set_synonyms(Synonyms({"en": [["invoice", "receipt"]]}))
    assert first(found, "receipt for my payment", "en") == "1"
    assert first(found, "invoice for my payment", "en") == "1"  # same words, both ways
