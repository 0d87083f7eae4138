"""Speed of the matcher on synthetic knowledge bases; prints one JSON object.

    python -m benchmarks.matcher [--sizes 1000 10000 100000] [--queries 300] [--encode-up-to N]
    (from the root)

For each size: index build time (on disk) with the article vectors already in the vector store
(a rebuild, a new worker), p50/p95 latency of ``match`` with the semantic stage, complaints/s
through ``match_many``, and the same queries through brute-force rapidfuzz over every title and
alias and through a plain in-memory BM25, with latency ratios and P@1 on the synthetic queries.

First-time encoding (every article text through the model into the store) is timed for sizes
up to ``--encode-up-to`` (default 1,000: ~5 texts an article); larger sizes get a store filled
with random unit vectors under the right keys, which times the rebuild and the matches exactly
but makes the semantic features noise (their P@1 is then not meaningful).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import statistics
import tempfile
import time
from collections import Counter, defaultdict

import numpy as np
from rapidfuzz import fuzz, process

from social.matching import Document, Matcher, encoder, normalize
from social.matching.evaluate import percentile
from social.matching.semantic import MemoryVectors, Vectors, unit_texts

SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"] + ["ch", "st", "tr", "ph"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def synthetic_kb(n: int, seed: int = 7) -> tuple[list[Document], list[tuple[str, str]]]:
    """``n`` articles with 3 aliases each (Zipf-distributed words) and complaints about them:
    an alias or the title with a word dropped, a typo, a handle and a URL."""
    rng = random.Random(seed)
    vocab = vocabulary(rng, 20_000)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocab))))

    def phrase(k: int) -> list[str]:
        return rng.choices(vocab, cum_weights=cumulative, k=k)

    docs = []
    for i in range(n):
        topic = rng.sample(vocab[200:], 3)  # rarer words that identify the article
        aliases = [
            " ".join(phrase(rng.randint(3, 8)) + topic[: rng.randint(1, 3)]) for _ in range(3)
        ]
        docs.append(
            Document(
                id=f"a{i}",
                title=" ".join(topic + phrase(rng.randint(1, 4))),
                body=" ".join(phrase(rng.randint(20, 60)) + topic),
                aliases=aliases,
                url=f"https://help.example.com/a{i}",
            )
        )
    queries = []
    for _ in range(n and 1000):
        doc = rng.choice(docs)
        words = rng.choice([doc.title, *doc.aliases]).split()
        words.pop(rng.randrange(len(words)))
        k = rng.randrange(len(words))
        if len(words[k]) > 4:
            j = rng.randrange(1, len(words[k]) - 1)
            words[k] = words[k][:j] + words[k][j + 1 :]
        queries.append((f"@support {' '.join(words)} https://t.co/x", doc.id))
    return docs, queries


class PlainBM25:
    """Textbook BM25 over title + aliases + body, an inverted index in dicts."""

    def __init__(self, docs: list[Document], k1: float = 1.2, b: float = 0.75) -> None:
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.ids, lengths = [], []
        for num, doc in enumerate(docs):
            terms = normalize(" ".join([doc.title, *doc.aliases, doc.body]), lang="en").terms
            for term, tf in Counter(terms).items():
                self.postings[term].append((num, tf))
            self.ids.append(doc.id)
            lengths.append(len(terms))
        self.lengths, self.avg = lengths, statistics.fmean(lengths) if lengths else 1.0
        self.k1, self.b, self.n = k1, b, len(docs)

    def best(self, text: str) -> str | None:
        scores: dict[int, float] = defaultdict(float)
        for term in set(normalize(text, lang="en").terms):
            plist = self.postings.get(term, ())
            idf = math.log(1 + (self.n - len(plist) + 0.5) / (len(plist) + 0.5))
            for num, tf in plist:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[num] / self.avg)
                scores[num] += idf * tf * (self.k1 + 1) / (tf + norm)
        return self.ids[max(scores, key=scores.__getitem__)] if scores else None


def timed(fn, items):
    """(results, per-item milliseconds)."""
    results, ms = [], []
    for item in items:
        start = time.perf_counter()
        results.append(fn(item))
        ms.append((time.perf_counter() - start) * 1000)
    return results, ms


def stored_vectors(docs: list[Document], encode: bool) -> tuple[MemoryVectors, dict]:
    """A vector store holding every article text's vector: encoded (timed), or random."""
    store, model = MemoryVectors(), encoder.load()
    keys = {model.key(t) for doc in docs for t in unit_texts(doc)}
    if encode:
        start = time.perf_counter()
        Vectors(model, store).articles(docs)
        seconds = time.perf_counter() - start
        return store, {"texts": len(keys), "texts_per_s": round(len(keys) / seconds, 1)}
    rng = np.random.default_rng(7)
    for key in keys:
        vector = rng.standard_normal(model.dim).astype(np.float32)
        store[key] = (vector / np.linalg.norm(vector)).astype(np.float16).tobytes()
    return store, {"texts": len(keys), "random_vectors": True}


def run(size: int, n_queries: int, n_brute: int, encode_up_to: int) -> dict:
    docs, queries = synthetic_kb(size)
    queries = queries[:n_queries]
    texts = [q for q, _ in queries]
    store, encoding = stored_vectors(docs, encode=size <= encode_up_to)
    with tempfile.TemporaryDirectory() as tmp:
        matcher = Matcher(tmp, vectors=store)
        start = time.perf_counter()
        matcher.rebuild(docs)
        build_s = time.perf_counter() - start
        matcher.match(texts[0])  # open the searcher
        found, ms = timed(lambda t: matcher.match(t, limit=5), texts)
        start = time.perf_counter()
        matcher.match_many(texts, limit=5)
        batch_per_s = len(texts) / (time.perf_counter() - start)
    p_at_1 = statistics.fmean(
        bool(r) and r[0].doc_id == want for r, (_, want) in zip(found, queries, strict=True)
    )

    choices, owners = [], []
    for doc in docs:
        for text in (doc.title, *doc.aliases):
            choices.append(normalize(text).text)
            owners.append(doc.id)

    def brute(text: str) -> str | None:
        best = process.extractOne(normalize(text).text, choices, scorer=fuzz.token_set_ratio)
        return owners[best[2]] if best else None

    brute_found, brute_ms = timed(brute, texts[:n_brute])
    bm25 = PlainBM25(docs)
    bm25_found, bm25_ms = timed(bm25.best, texts)
    p50 = percentile(ms, 50)
    return {
        "articles": size,
        "queries": len(texts),
        "first_time_encoding": encoding,
        "build_s": round(build_s, 2),
        "p50_ms": round(p50, 3),
        "p95_ms": round(percentile(ms, 95), 3),
        "batch_complaints_per_s": round(batch_per_s, 1),
        "p_at_1": round(p_at_1, 4),
        "brute_force_rapidfuzz": {
            "queries": len(brute_found),
            "p50_ms": round(percentile(brute_ms, 50), 3),
            "p_at_1": round(
                statistics.fmean(
                    f == want for f, (_, want) in zip(brute_found, queries, strict=False)
                ),
                4,
            ),
            "speedup_p50": round(percentile(brute_ms, 50) / p50, 1),
        },
        "plain_bm25": {
            "p50_ms": round(percentile(bm25_ms, 50), 3),
            "p_at_1": round(
                statistics.fmean(f == w for f, (_, w) in zip(bm25_found, queries, strict=False)), 4
            ),
            "speedup_p50": round(percentile(bm25_ms, 50) / p50, 2),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300, help="queries timed per size")
    parser.add_argument("--brute", type=int, default=30, help="queries through brute force")
    parser.add_argument("--encode-up-to", type=int, default=1000, help="see above")
    args = parser.parse_args()
    results = [run(size, args.queries, args.brute, args.encode_up_to) for size in args.sizes]
    print(json.dumps({"sizes": results}, indent=1))


if __name__ == "__main__":
    main()
