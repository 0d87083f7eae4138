"""Cluster quality on the dev sets; prints one JSON object.

    python -m benchmarks.clusters [--sets banking77 ibm-twitter] [--seed 7] [--orders 7]

For each set of ``$ONEREPLY_SHARED_DIR/eval`` (default ``../shared/eval``): its queries arrive
in a random order within one hour and are grouped by ``social.clusters.Grouping`` (what imports
and the webhook use), each with the matcher's top suggestion when it is confident (the matcher
indexes the set's documents).
Prints, per set and with text alone (no article): the purity (share of a cluster's members
whose answer is the cluster's majority answer, over all clustered complaints), the share of
complaints in some cluster, the number of clusters and the largest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("ONEREPLY_SHARED_DIR", ROOT / ".." / "shared")) / "eval"


def setup_django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    django.setup()


def read_jsonl(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def quality(answers, clusters):
    """Purity and share clustered, from each query's answer and cluster (None: alone)."""
    members = defaultdict(list)
    for answer, cluster in zip(answers, clusters, strict=True):
        if cluster is not None:
            members[cluster].append(answer)
    clustered = sum(len(m) for m in members.values())
    majority = sum(Counter(m).most_common(1)[0][1] for m in members.values())
    return {
        "purity": round(majority / clustered, 4) if clustered else None,
        "clustered_share": round(clustered / len(answers), 4),
        "clusters": len(members),
        "largest": max((len(m) for m in members.values()), default=0),
    }


def run_set(name, seed, use_articles):
    from social.clusters import Grouping, Item
    from social.matching import Matcher, normalize
    from social.matching.evaluate import load_documents

    queries = read_jsonl(EVAL / name / "queries-dev.jsonl")
    random.Random(seed).shuffle(queries)
    start = datetime(2026, 11, 20, 10, tzinfo=UTC)
    step = timedelta(hours=1) / max(len(queries), 1)
    tops = [None] * len(queries)
    meanings = [None] * len(queries)
    if use_articles:
        matcher = Matcher()
        matcher.rebuild(load_documents(str(EVAL / name / "docs.jsonl")))
        texts = [query["text"] for query in queries]
        meanings = matcher.meanings(texts, [None] * len(texts))
        for i, query in enumerate(queries):
            found = matcher.match(query["text"], limit=1, meaning=meanings[i])
            tops[i] = found[0].doc_id if found and found[0].confident else None
    grouping, counter = Grouping(), iter(range(1, 10**9))
    items = []
    for i, query in enumerate(queries):
        language = normalize(query["text"]).lang
        item = Item(i, start + i * step, language, query["text"], tops[i], meaning=meanings[i])
        grouping.add(item, lambda _seed: next(counter))
        items.append(item)
    answers = [query["relevant"][0] for query in queries]
    return quality(answers, [item.cluster for item in items])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["banking77", "ibm-twitter"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--orders", type=int, default=0, help="also the mean and min purity over N arrival orders"
    )
    args = parser.parse_args(argv)
    if not EVAL.is_dir():
        print(f"no dev sets at {EVAL}", file=sys.stderr)
        return 1
    setup_django()
    results = {}
    for name in args.sets:
        results[name] = {
            "with_articles": run_set(name, args.seed, use_articles=True),
            "text_only": run_set(name, args.seed, use_articles=False),
        }
        if args.orders:
            runs = [run_set(name, seed, use_articles=True) for seed in range(1, args.orders + 1)]
            purities = [run["purity"] for run in runs if run["purity"] is not None]
            results[name]["orders"] = {
                "n": args.orders,
                "purity_mean": round(statistics.mean(purities), 4) if purities else None,
                "purity_min": min(purities, default=None),
                "clustered_share_mean": round(
                    statistics.mean(r["clustered_share"] for r in runs), 4
                ),
            }
    json.dump(results, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
