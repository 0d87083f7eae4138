"""gunicorn settings of `make serve` (gunicorn reads this file from the working directory).

Sync workers, two per core plus one (environment: WEB_CONCURRENCY, BIND). Unless
TASK_WORKER=0 (the worker runs elsewhere), the master also starts the background task worker
(`manage.py db_worker --backend background`) and stops it when it stops.
"""

import multiprocessing
import os
import subprocess
import sys

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 20
max_requests, max_requests_jitter = 5000, 500  # recycle workers now and then
wsgi_app = "kb.wsgi:application"

_task_worker = None


def when_ready(server):
    global _task_worker
    if os.environ.get("TASK_WORKER", "1") != "0":
        command = [sys.executable, "manage.py", "db_worker", "--backend", "background"]
        _task_worker = subprocess.Popen([*command, "--no-reload", "--verbosity", "1"])
        server.log.info("task worker started (pid %s)", _task_worker.pid)


def on_exit(server):
    if _task_worker is not None and _task_worker.poll() is None:
        _task_worker.terminate()
        try:
            _task_worker.wait(timeout=graceful_timeout)
        except subprocess.TimeoutExpired:
            _task_worker.kill()
