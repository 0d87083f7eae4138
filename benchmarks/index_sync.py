"""Benchmark: what one published change costs a process that follows the change log, at 10k
and 100k articles, against the full reload it replaces.

For each size: builds an on-disk index of synthetic articles (``benchmarks.matcher``), opens
it from a second Matcher as another process sharing the directory would (article vectors are
already stored, as in the database's ``TextVector`` table: random ones), then applies
``--changes`` changes (half new articles, half edits) in the writer and in the follower
(``Matcher.apply``: the follower finds them already on disk and only updates its memory), and
times one full reload (``Matcher.refresh``, what a follower did before). Prints JSON: CPU
milliseconds per change (p50, max) for the writer and the follower, and the full reload's CPU
seconds. The catch-up latency is this CPU time plus at most one poll interval
(``kb.changes.POLL_SECONDS``, 1 s).

    .venv/bin/python -m benchmarks.index_sync --sizes 10000 100000
"""

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.matcher import stored_vectors, synthetic_kb
from social.matching import Document, Matcher


def cpu_ms(fn):
    started = time.process_time()
    fn()
    return (time.process_time() - started) * 1000


def run(size, changes):
    docs, _queries = synthetic_kb(size)
    store, _ = stored_vectors(docs, encode=False)  # the vectors every process finds stored
    directory = Path(tempfile.mkdtemp(prefix="onereply-sync-")) / "ix"
    writer = Matcher(directory, watch_disk=False, vectors=store)
    writer.rebuild(docs)
    follower = Matcher(directory, watch_disk=False, vectors=store)
    updates = []
    for n in range(changes):
        if n % 2:
            old = docs[n * 7 % size]
            updates.append(Document(id=old.id, title=old.title + " renamed", body=old.body))
        else:
            updates.append(Document(id=f"new-{n}", title=f"brand new article {n}", body="x y z"))
    write = [cpu_ms(lambda d=doc: writer.apply(d.id, d)) for doc in updates]
    follow = [cpu_ms(lambda d=doc: follower.apply(d.id, d)) for doc in updates]
    # the old way: reload everything on another process's commit
    reader = Matcher(directory, vectors=store)
    writer.apply("one-more", Document(id="one-more", title="one more"))
    reload_s = cpu_ms(reader.refresh) / 1000
    assert len(follower) == len(writer) - 1
    return {
        "articles": size,
        "changes": changes,
        "writer_cpu_ms_p50": round(statistics.median(write), 1),
        "writer_cpu_ms_max": round(max(write), 1),
        "follower_cpu_ms_p50": round(statistics.median(follow), 1),
        "follower_cpu_ms_max": round(max(follow), 1),
        "full_reload_cpu_s": round(reload_s, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args()
    print(json.dumps([run(size, args.changes) for size in args.sizes], indent=1))


if __name__ == "__main__":
    main()
