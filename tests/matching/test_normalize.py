"""Normalisation of real-looking complaints, English and French."""

import pytest

from social.matching import normalize
from social.matching.normalize import detect_language, stem_terms


@pytest.mark.parametrize(
    ("raw", "expected_text", "lang"),
    [
        ("RT @Comcast #DNSdown again!!! https://t.co/AbC123", "dns down again", "en"),
        (
            "@AdobeCare pleeease fix my Lightroom presets 😡😡",
            "pleease fix my lightroom presets",
            "en",
        ),
        ("WHY IS MY ACCOUNT LOCKED?? @AskPayPal", "why is my account locked", "en"),
        (
            "#myPhoneIsBroken after update www.example.com/x",
            "my phone is broken after update",
            "en",
        ),
        (
            "Mon appli ne marche plus depuis la mise à jour @SFR",
            "mon appli ne marche plus depuis la mise a jour",
            "fr",
        ),
        (
            "@free_fr toujours pas de réseau à Paris #PanneInternet",
            "toujours pas de reseau a paris panne internet",
            "fr",
        ),
        ("Ｆｕｌｌｗｉｄｔｈ ＣＡＰＳ", "fullwidth caps", "en"),
    ],
)
def test_tweets_are_cleaned_folded_and_language_detected(raw, expected_text, lang):
    norm = normalize(raw)
    assert norm.text == expected_text
    assert norm.lang == lang
    assert norm.tokens == expected_text.split()


def test_french_elisions_and_accents_are_removed_from_terms():
    norm = normalize("L'application n'arrive pas à se connecter, c'est énervant")
    assert norm.lang == "fr"
    assert norm.terms == ["appliqu", "arriv", "pas", "connect", "enerv"]
    assert norm.sources[0] == "l'application"
    assert all(t.isascii() for t in norm.terms)
    assert not any("'" in t for t in norm.terms)


def test_stemming_follows_the_language():
    en = dict(stem_terms(["connections", "connected", "charging"], "en"))
    assert set(en) == {"connect", "charg"}
    fr = [t for t, _ in stem_terms(["factures", "facturation", "réseaux", "réseau"], "fr")]
    assert fr == ["factur", "factur", "reseau", "reseau"]
    assert stem_terms(["abonnement"], "fr")[0][0] == "abon"
    assert stem_terms(["abonnement"], "en")[0][0] == "abonn"


def test_meaningful_short_words_survive_stopword_removal():
    assert normalize("the dns is down").terms == ["dns", "down"]
    assert "not" in normalize("card not working").terms
    assert normalize("why is my card blocked").terms == ["whi", "card", "block"]


def test_french_function_words_missing_from_snowballs_list_are_stopwords():
    norm = normalize("les DNS de cette zone, ça bloque", lang="fr")
    assert norm.terms == ["dn", "zon", "bloqu"]  # French Snowball stems "dns" too


def test_language_can_be_forced_and_detection_defaults_to_english():
    assert normalize("la carte", lang="en").lang == "en"
    assert detect_language([]) == "en"
    assert detect_language(["je", "ne", "peux", "pas"]) == "fr"


@pytest.mark.parametrize(
    "raw",
    ["", "   \n\t", "😡🔥💯", "https://t.co/xyz", "\x00\x01\x02", "@a @b RT", "#"],
)
def test_text_without_words_normalises_to_nothing(raw):
    norm = normalize(raw)
    assert norm.text == ""
    assert norm.terms == []


def test_rtl_script_is_kept_as_words():
    norm = normalize("مرحبا بالعالم")
    assert norm.tokens == ["مرحبا", "بالعالم"]
