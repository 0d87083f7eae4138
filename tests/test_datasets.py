"""The evaluation sets in tests/data/ point at live demo articles of the right language."""

import io
import json
from collections import Counter
from pathlib import Path

import pytest

from kb.demo import loader
from kb.models import ArticlePage

DATA = Path(__file__).parent / "data"


def read(name):
    with open(DATA / name, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


QUERIES = read("site_search_queries.jsonl")
HOLDOUT = read("site_search_holdout.jsonl")
COMPLAINTS = read("french_complaints.jsonl")


def test_site_search_queries_are_many_and_mostly_english():
    assert len(QUERIES) >= 100
    assert all(set(query) == {"text", "lang", "relevant"} for query in QUERIES)
    languages = Counter(query["lang"] for query in QUERIES)
    assert set(languages) == {"en", "fr"}
    assert 0.55 <= languages["en"] / len(QUERIES) <= 0.65


def test_french_complaints_are_many_and_answered_by_one_article():
    assert len(COMPLAINTS) >= 70
    assert all(set(complaint) == {"text", "relevant"} for complaint in COMPLAINTS)
    assert all(len(complaint["relevant"]) == 1 for complaint in COMPLAINTS)


def test_the_held_out_queries_are_new():
    assert len(HOLDOUT) >= 80
    assert all(set(query) == {"text", "lang", "relevant"} for query in HOLDOUT)
    assert not {q["text"].lower() for q in HOLDOUT} & {q["text"].lower() for q in QUERIES}


@pytest.mark.parametrize(
    "rows", [QUERIES, HOLDOUT, COMPLAINTS], ids=["queries", "holdout", "complaints"]
)
def test_texts_are_distinct_and_not_blank(rows):
    texts = [row["text"].strip().lower() for row in rows]
    assert all(texts)
    assert len(set(texts)) == len(texts)


@pytest.mark.django_db
def test_every_id_is_a_live_demo_article_of_its_language():
    loader.load(io.StringIO())  # the help center part of `load_demo`, without the social inbox
    live = {
        language: {
            page.url for page in ArticlePage.objects.live().filter(locale__language_code=language)
        }
        for language in ("en", "fr")
    }
    assert live["en"] and live["fr"]

    for query in QUERIES + HOLDOUT:
        assert query["relevant"], query
        assert set(query["relevant"]) <= live[query["lang"]], query
    for complaint in COMPLAINTS:
        assert set(complaint["relevant"]) <= live["fr"], complaint

    english = {url for query in QUERIES if query["lang"] == "en" for url in query["relevant"]}
    french = {url for query in QUERIES if query["lang"] == "fr" for url in query["relevant"]}
    assert english == live["en"]
    assert french == live["fr"]
