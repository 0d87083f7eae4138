"""gunicorn settings of `make serve` (gunicorn reads this file from the working directory).

Sync workers, two per core plus one (environment: WEB_CONCURRENCY, BIND). Unless
TASK_WORKER=0 (the workers run elsewhere), the master also starts a background task worker
(`manage.py db_worker --backend background`, or RQ's with TASKS_BACKEND=rq) and stops it
when it stops.
"""

import multiprocessing
import os
import subprocess
import sys

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 20
# No worker recycling (gunicorn's max_requests): a new worker loads Django, Wagtail and the
# matcher, and at ~1,500 req/s recycling every 5,000 requests gave p99 tails of 1-5 s
# (benchmarks/RESULTS.md). Set it with GUNICORN_CMD_ARGS="--max-requests N" if needed.
wsgi_app = "kb.wsgi:application"

_task_worker = None


def when_ready(server):
    global _task_worker
    if os.environ.get("TASK_WORKER", "1") != "0":
        if os.environ.get("TASKS_BACKEND") == "rq":
            command = ["rqworker", "default", "--job-class", "django_tasks_rq.Job"]
        else:
            command = ["db_worker", "--backend", "background", "--no-reload"]
        _task_worker = subprocess.Popen([sys.executable, "manage.py", *command])
        server.log.info("task worker started (pid %s)", _task_worker.pid)


def on_exit(server):
    if _task_worker is not None and _task_worker.poll() is None:
        _task_worker.terminate()
        try:
            _task_worker.wait(timeout=graceful_timeout)
        except subprocess.TimeoutExpired:
            _task_worker.kill()
