"""Reply length per network; X against twitter-text's official conformance cases."""

from pathlib import Path

import pytest
import yaml

from social.networks.length import (
    LIMITS,
    bluesky_segments,
    display_url,
    find_urls,
    fits,
    parse_x,
    reply_length,
)

VALIDATE_YML = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "twitter-text" / "validate.yml"
)


def conformance_cases():
    """(section, case) for twitter-text's weighted sections: v2 rules, then v3 (emoji parsing)."""
    if not VALIDATE_YML.exists():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"{VALIDATE_YML} absent"))]
    tests = yaml.safe_load(VALIDATE_YML.read_text(encoding="utf-8"))["tests"]
    return [
        pytest.param(section, case, id=f"{section}-{number}")
        for section in ("WeightedTweetsCounterTest", "WeightedTweetsWithDiscountedEmojiCounterTest")
        for number, case in enumerate(tests[section])
    ]


@pytest.mark.parametrize(("section", "case"), conformance_cases())
def test_x_weighted_length_conformance(section, case):
    emoji_parsing = section == "WeightedTweetsWithDiscountedEmojiCounterTest"
    result = parse_x(case["text"], emoji_parsing=emoji_parsing)
    for key in ("weightedLength", "valid", "permillage", "displayRangeStart", "displayRangeEnd"):
        if key in case["expected"]:
            assert getattr(result, key) == case["expected"][key], (case["description"], key)
    if emoji_parsing:
        assert reply_length(case["text"], "x") == case["expected"]["weightedLength"]
        assert fits(case["text"], "x") is case["expected"]["valid"]


def test_x_counts_a_url_as_23_and_french_accents_as_one():
    text = (
        "Désolé ! Voici la réponse : https://help.nimbus-domains.com/fr/email/rebonds-des-e-mails/"
    )
    assert reply_length(text, "x") == len("Désolé ! Voici la réponse : ") + 23


def test_unknown_network_uses_x_rules():
    text = "故" * 141
    assert reply_length(text, "myspace") == reply_length(text, "x") == 282
    assert not fits(text, "myspace")
    assert fits(text, "mastodon") and fits(text, "bluesky")


def test_mastodon_counts_graphemes_urls_as_23_and_mentions_by_username():
    url = "https://help.nimbus-domains.com/en/email/why-do-my-e-mails-bounce/"
    text = f"@bob@mastodon.social see {url} 👨‍👩‍👧"
    assert reply_length(text, "mastodon") == len("@bob see ") + 23 + len(" ") + 1
    assert fits("é" * 500, "mastodon")
    assert not fits("é" * 501, "mastodon")
    assert LIMITS["mastodon"] == 500


def test_mastodon_limit_includes_the_url_weight():
    text = "a" * 476 + " https://example.com/" + "x" * 200
    assert reply_length(text, "mastodon") == 500
    assert fits(text, "mastodon")
    assert not fits(text + "!", "mastodon")


def test_bluesky_counts_the_displayed_link_text():
    url = "https://www.help.nimbus-domains.com/en/email/why-do-my-e-mails-bounce/"
    assert display_url(url) == "help.nimbus-domains.com…"
    assert display_url("https://bsky.app/") == "bsky.app"
    assert display_url("http://nimbus.io/a?b=1") == "nimbus.io/a?b=1"
    text = f"Try {url} 🙂"
    assert bluesky_segments(text) == [
        ("Try ", None),
        ("help.nimbus-domains.com…", url),
        (" 🙂", None),
    ]
    assert reply_length(text, "bluesky") == len("Try ") + 24 + 2
    assert fits("🙂" * 300, "bluesky")
    assert not fits("🙂" * 301, "bluesky")


def test_find_urls_leaves_trailing_punctuation_and_parentheses_out():
    text = "Read (https://nimbus.io/a_(b)/). Or http://127.0.0.1:8000/en/x?q=1, thanks"
    assert [url for _start, _end, url in find_urls(text)] == [
        "https://nimbus.io/a_(b)/",
        "http://127.0.0.1:8000/en/x?q=1",
    ]
    assert all(text[start:end] == url for start, end, url in find_urls(text))
    assert find_urls("no link in ftp://x.org nor example.com") == []
