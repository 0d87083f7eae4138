"""Benchmark: import N complaints (default 100k) from a JSONL file, then match them.

Runs the real `import_complaints` command (with --no-match) into a throwaway SQLite database
holding the demo help center, then matches, stores suggestions and clusters them as the import
would. Prints one JSON object: complaints, import_seconds, import_per_second, match_seconds,
match_per_second, peak_rss_mb.

    .venv/bin/python benchmarks/import_complaints.py --count 100000
"""

import argparse
import io
import json
import os
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHRASES = [
    "my mails bounce since this morning",
    "site down 502 bad gateway",
    "my domain expired how do I get it back",
    "can't log in to webmail",
    "ssl certificate expired on my shop",
    "payment failed card declined",
    "lost my phone no 2fa code",
    "DNS_PROBE_FINISHED_NXDOMAIN on my new domain",
    "mes mails ne partent plus",
    "mon site affiche une erreur 502",
    "how do I transfer my domain to you",
    "website super slow today",
    "does nimbus drive work on linux",
]
NOISE = "please help again urgent today still why lol !! ?? @NimbusDomains #fail".split()


def write_file(path, count, seed=7, id_offset=0):
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with open(path, "w", encoding="utf-8") as out:
        for n in range(count):
            words = rng.choice(PHRASES).split() + rng.sample(NOISE, 2)
            rng.shuffle(words[-3:])
            created = start + timedelta(seconds=n * 30 + rng.randint(0, 29))
            row = {
                "network": rng.choice(("x", "x", "mastodon", "bluesky")),
                "external_id": str(10**15 + id_offset + n),
                "author_handle": f"user{rng.randint(1, count // 3 + 1)}",
                "text": " ".join(words),
                "created_at": created.isoformat(),
            }
            out.write(json.dumps(row) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="onereply-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["MATCHER_INDEX_DIR"] = str(tmp / "matcher-index")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from kb.demo import loader
    from social.ingest.file_import import match_pending
    from social.models import Complaint

    call_command("migrate", verbosity=0)
    loader.load(io.StringIO())
    path = tmp / "complaints.jsonl"
    write_file(path, args.count)

    started = time.perf_counter()
    call_command(
        "import_complaints", str(path), "--no-match", "--no-progress", stdout=io.StringIO()
    )
    import_seconds = time.perf_counter() - started
    imported = Complaint.objects.count()

    started = time.perf_counter()
    match_pending()
    match_seconds = time.perf_counter() - started

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "complaints": imported,
                "import_seconds": round(import_seconds, 2),
                "import_per_second": round(imported / import_seconds, 1),
                "match_seconds": round(match_seconds, 2),
                "match_per_second": round(imported / match_seconds, 1),
                "clusters": Complaint.objects.exclude(cluster=None)
                .values("cluster")
                .distinct()
                .count(),
                "peak_rss_mb": round(peak_kb / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
