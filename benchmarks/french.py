"""P@1 of the matcher on the demo help center's complaints and search queries, with and without
the sentence-embedding model; prints one JSON object.

    python -m benchmarks.french [--data tests/data]   (from the project root)

The 50 bilingual demo articles (``kb/demo/articles.json``, English and French, symptoms as
aliases) are matched against ``french_complaints.jsonl`` and ``site_search_queries.jsonl``
(ids are the articles' URL paths, ``/<lang>/<category>/<slug>/``).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from social.matching import Document, Matcher
from social.matching.documents import read_jsonl
from social.matching.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[1]


def text_of(value) -> str:
    """The words of a StreamField block value (HTML, lists, dicts), tags stripped."""
    if isinstance(value, str):
        return re.sub(r"<[^>]+>", " ", value)
    if isinstance(value, list):
        return " ".join(map(text_of, value))
    if isinstance(value, dict):
        return " ".join(map(text_of, value.values()))
    return ""


def demo_documents() -> list[Document]:
    data = json.loads((ROOT / "kb" / "demo" / "articles.json").read_text(encoding="utf-8"))
    docs = []
    for item in data["articles"]:
        for lang in ("en", "fr"):
            page = item[lang]
            body = " ".join(text_of(block["value"]) for block in page["body"])
            docs.append(
                Document(
                    id=f"/{lang}/{item['category']}/{item['slug']}/",
                    title=page["title"],
                    body=f"{page['summary']}\n{body}",
                    tags=page.get("tags", []),
                    aliases=page.get("symptoms", []),
                    lang=lang,
                )
            )
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=ROOT / "tests" / "data", type=Path)
    args = parser.parse_args()
    docs = demo_documents()
    sets = {
        "french_complaints": list(read_jsonl(args.data / "french_complaints.jsonl")),
        "site_search_en": [],
        "site_search_fr": [],
    }
    for query in read_jsonl(args.data / "site_search_queries.jsonl"):
        sets[f"site_search_{query.get('lang', 'en')}"].append(query)
    out = {}
    for name, options in (("lexical", {"model": None}), ("semantic", {})):
        matcher = Matcher(**options)
        matcher.rebuild(docs)
        out[name] = {
            set_name: {
                k: v
                for k, v in evaluate(matcher, queries).items()
                if k in ("p_at_1", "mrr", "n", "confident_share", "confident_precision")
            }
            for set_name, queries in sets.items()
        }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
