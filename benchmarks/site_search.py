"""Site search quality and speed on the demo help center; prints one JSON object.

    python benchmarks/site_search.py [--queries tests/data/site_search_queries.jsonl]
                                     [--articles 10000]

Loads the demo into a throwaway SQLite database, then sends each query of the dev set (lines
``{"text", "lang", "relevant": ["/en/<category>/<slug>/"]}``) to ``/<lang>/search/?q=`` through
Django's test client and reads the result links of the page, as a visitor would. Prints P@1,
P@3 (a relevant article among the first three) and the p50/p95 latency of the whole request,
in wall-clock time and in this process's CPU time (which a busy shared machine inflates less).
With ``--articles N``, adds synthetic articles (words of the demo's articles, shuffled) until
the help center holds N, and runs the same queries again (``at_scale``).
"""

import argparse
import io
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = re.compile(r'<ol class="[^"]*search-results[^"]*">(.*?)</ol>', re.S)
LINK = re.compile(r'href="([^"]+)"')


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def result_urls(html):
    """The article links of a results page, in order (no-result hints skipped)."""
    found = RESULTS.search(html)
    if not found:
        return []
    urls = []
    for item in found.group(1).split("<li")[1:]:
        link = LINK.search(item)
        if link and "no-results" not in item.split(">", 1)[0]:
            urls.append(link.group(1))
    return urls


def run(client, queries):
    from django.core.cache import cache

    from kb.search import recent

    recent.clear()  # every ranking is computed, here and in the shared cache (only the
    cache.clear()  # snippets' analysis stays cached)
    timings, cpu, first, top3, misses = [], [], 0, 0, []
    for query in queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(f"/{query['lang']}/search/", {"q": query["text"]})
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (query, response.status_code)
        urls = result_urls(response.content.decode())
        relevant = set(query["relevant"])
        first += bool(urls[:1] and urls[0] in relevant)
        top3 += bool(relevant.intersection(urls[:3]))
        if not (urls[:1] and urls[0] in relevant):
            misses.append({"q": query["text"], "lang": query["lang"], "got": urls[:1]})
    n = len(queries)
    return {
        "n": n,
        "p_at_1": round(first / n, 3),
        "p_at_3": round(top3 / n, 3),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "cpu_p95_ms": round(percentile(cpu, 0.95), 2),
        "misses": misses,
    }


def add_synthetic_articles(total, seed=7):
    """Articles made of the demo's words, shuffled, until the site holds ``total`` of them."""
    from django.db import transaction

    from kb.models import ArticlePage, CategoryPage

    rng = random.Random(seed)
    words = {"en": [], "fr": []}
    for article in ArticlePage.objects.live().select_related("locale"):
        text = " ".join([article.title, article.summary, article.symptoms])
        words[article.locale.language_code].extend(re.findall(r"\w{3,}", text))
    categories = list(CategoryPage.objects.live().select_related("locale"))
    for start in range(ArticlePage.objects.count(), total, 500):
        with transaction.atomic():  # one commit per 500 pages, not one per page
            for n in range(start, min(start + 500, total)):
                add_synthetic_article(categories[n % len(categories)], n, words, rng)


def add_synthetic_article(category, n, words, rng):
    from kb.models import ArticlePage
    from tests import factories

    vocab = words[category.locale.language_code]
    title = " ".join(rng.sample(vocab, 6)).capitalize()
    page = ArticlePage(
        title=title,
        slug=f"synthetic-{n}",
        summary=" ".join(rng.sample(vocab, 10)),
        body=[factories.paragraph(" ".join(rng.choices(vocab, k=80)))],
        symptoms="\n".join(" ".join(rng.sample(vocab, 5)) for _ in range(3)),
        locale=category.locale,
        live=True,
    )
    category.add_child(instance=page)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", default=str(ROOT / "tests/data/site_search_queries.jsonl"))
    parser.add_argument("--articles", type=int, default=0, help="also run at this many articles")
    parser.add_argument("--misses", action="store_true", help="list the queries missed at rank 1")
    parser.add_argument("--workdir", help="keep the scratch database here and reuse it next time")
    args = parser.parse_args(argv)

    tmp = Path(args.workdir or tempfile.mkdtemp(prefix="onereply-search-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    loaded = (tmp / "bench.sqlite3").exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["MATCHER_INDEX_DIR"] = str(tmp / "matcher-index")
    os.environ["ONEREPLY_VAR_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from kb.demo import loader
    from social import article_index

    queries = [json.loads(line) for line in open(args.queries, encoding="utf-8") if line.strip()]
    call_command("migrate", verbosity=0)
    if not loaded:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            loader.load(io.StringIO())
    article_index.rebuild()
    # no rate limit: the benchmark is one visitor sending every query
    with override_settings(RATELIMIT_ENABLE=False):
        client = Client(HTTP_HOST="127.0.0.1")
        run(client, queries[:5])  # warm-up: templates, caches
        report = {"demo": run(client, queries)}
        if args.articles:
            add_synthetic_articles(args.articles)
            article_index.rebuild()
            run(client, queries[:5])
            report["at_scale"] = {"articles": args.articles, **run(client, queries)}
    if not args.misses:
        for figures in report.values():
            figures.pop("misses")
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
