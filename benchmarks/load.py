"""Load test: gunicorn with `make serve` settings on 127.0.0.1, loaded with wrk, alone and
during 5,000-complaint imports run by the task worker. Prints one JSON object.

Builds a throwaway site (SQLite in a temporary directory, or --database-url), loads the demo,
collects static files, starts `gunicorn` (gunicorn.conf.py: workers sized to the cores, the
task worker beside them) with DEBUG=0, then for each page runs wrk (bounded: --duration
seconds each, --connections connections) and reports req/s, p50, p99, errors (non-2xx/3xx and
socket errors) and the ratio of its req/s to the ceiling measured in the same run: the trivial
view `/healthz/` through the same middleware. Then it queues imports of --import-count
synthetic complaints (`import_complaints --background`, one after another, at most
--max-imports) and loads each page again while an import runs.

    .venv/bin/python benchmarks/load.py --duration 10
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/onereply_load \
        .venv/bin/python benchmarks/load.py

Rate limits are off (RATELIMIT_ENABLE=0): wrk comes from one address. Needs wrk (apt-get
install wrk).
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.import_complaints import write_file  # noqa: E402

URLS_SCRIPT = """
import json
from kb.forum.models import Topic
from kb.models import ArticlePage, CategoryPage, HelpCenterPage
article = ArticlePage.objects.live().filter(locale__language_code="en").order_by("pk").first()
category = CategoryPage.objects.live().filter(locale__language_code="en").order_by("pk").first()
home = HelpCenterPage.objects.live().filter(locale__language_code="en").first()
topic = Topic.objects.public().order_by("pk").first()
print(json.dumps({"article": article.url, "category": category.url, "home": home.url,
                  "topic": f"/forum/t/{topic.pk}/"}))
"""
JOBS_SCRIPT = """
from social.jobs import Job
print(Job.objects.exclude(state__in=["done", "failed"]).count(),
      Job.objects.filter(state="failed").count())
"""
SEARCH_LUA = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
"""
DEV_SET = ROOT / "tests" / "data" / "site_search_queries.jsonl"


def search_script(path):
    """A wrk script that cycles through the site-search dev set's queries (English and French),
    as visitors' varied searches; a query is ranked once, then served from the workers' recent
    searches and the shared cache (kb.search) until an article changes."""
    queries = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines()]
    paths = [
        f"/{q['lang']}/search/?" + urllib.parse.urlencode({"q": q["text"]}) for q in queries if q
    ]
    path.write_text(SEARCH_LUA % ", ".join(json.dumps(p) for p in paths))


def manage(env, *args, capture=False):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
    )
    return result.stdout


def wait_until_up(base, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer")


def to_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return round(float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit], 2)


def wrk(url, duration, connections, script=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency"]
    if script:
        command += ["-s", script]
    out = subprocess.run(
        [*command, url], check=True, text=True, capture_output=True, timeout=duration + 60
    ).stdout
    # wrk pads a value in seconds with a trailing space ("1.50s ").
    latency = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", out, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": to_ms(latency["50"]) if "50" in latency else None,  # None: no answer at all
        "p99_ms": to_ms(latency["99"]) if "99" in latency else None,
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in socket.groups()) if socket else 0),
    }


class Imports:
    """Queues 5,000-complaint imports one after another while the pages are loaded."""

    def __init__(self, env, tmp, count, limit):
        self.env, self.tmp, self.count, self.limit, self.queued = env, tmp, count, limit, 0

    def running(self):
        active, failed = map(
            int, manage(self.env, "shell", "--no-imports", "-c", JOBS_SCRIPT, capture=True).split()
        )
        self.failed = failed
        return active > 0

    def keep_one_running(self):
        if self.running() or self.queued >= self.limit:
            return
        path = self.tmp / f"complaints-{self.queued}.jsonl"
        write_file(path, self.count, seed=100 + self.queued, id_offset=self.queued * self.count)
        manage(self.env, "import_complaints", str(path), "--background")
        self.queued += 1
        time.sleep(1)  # let the worker pick it up


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8170)
    parser.add_argument("--import-count", type=int, default=5000)
    parser.add_argument("--max-imports", type=int, default=6)
    parser.add_argument("--no-import", action="store_true")
    parser.add_argument("--pages", help="only these pages, comma-separated (and the ceiling)")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    tmp = Path(tempfile.mkdtemp(prefix="onereply-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings",
        "ONEREPLY_VAR_DIR": str(tmp),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp / 'load.sqlite3'}"),
        "DEBUG": "0",
        "SECRET_KEY": "load-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "RATELIMIT_ENABLE": "0",
        "BIND": f"127.0.0.1:{args.port}",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput")
    paths = json.loads(manage(env, "shell", "--no-imports", "-c", URLS_SCRIPT, capture=True))
    base = f"http://127.0.0.1:{args.port}"
    lua = tmp / "search.lua"
    search_script(lua)
    pages = {
        "ceiling": (base + "/healthz/", None),
        "article": (base + paths["article"], None),
        "home": (base + paths["home"], None),
        "category": (base + paths["category"], None),
        "search": (base, str(lua)),
        "forum_index": (base + "/forum/", None),
        "topic": (base + paths["topic"], None),
    }
    if args.pages:
        chosen = {"ceiling", *args.pages.split(",")}
        pages = {name: target for name, target in pages.items() if name in chosen}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn"))],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp / "gunicorn.log", "w"),  # noqa: SIM115
        start_new_session=True,
    )
    try:
        wait_until_up(base)
        for url, script in pages.values():  # warm every worker's caches and matcher
            wrk(url, 2, args.connections, script)
        alone = {
            name: wrk(url, args.duration, args.connections, s) for name, (url, s) in pages.items()
        }
        during, imports = {}, None
        if not args.no_import:
            imports = Imports(env, tmp, args.import_count, args.max_imports)
            for name, (url, script) in pages.items():
                imports.keep_one_running()
                during[name] = wrk(url, args.duration, args.connections, script)
                during[name]["import_running_at_end"] = imports.running()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    ceiling = alone["ceiling"]["rps"]
    for results in (alone, during):
        for row in results.values():
            row["ratio_to_ceiling"] = round(row["rps"] / ceiling, 3) if ceiling else None
    report = {
        "database": env["DATABASE_URL"].split(":", 1)[0],
        "cores": os.cpu_count(),
        "load_average_at_end": [round(n, 1) for n in os.getloadavg()],
        "duration_s": args.duration,
        "connections": args.connections,
        "alone": alone,
    }
    if imports is not None:
        report["during_import"] = during
        report["imports_queued"] = imports.queued
        report["imports_failed"] = imports.failed
        report["p99_during_over_alone"] = {
            name: round(during[name]["p99_ms"] / alone[name]["p99_ms"], 2)
            for name in pages
            if alone[name]["p99_ms"] and during[name]["p99_ms"]
        }
    print(json.dumps(report, indent=1))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
