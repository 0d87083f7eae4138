"""Every process sees the same articles: two gunicorn processes and a task worker on one
database (SQLite file, and PostgreSQL when DATABASE_URL points to it), each matcher with its
own index directory (no shared disk). An article published by another process is matched by
both servers within two seconds; an unpublished one disappears as fast."""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
SETUP = """
from kb import roles
from tests import factories
home = factories.make_help_center()
category = factories.make_category(home, "E-mail", slug="email")
factories.make_article(category, "Why do my e-mails bounce?", symptoms=["my mails bounce"])
factories.make_user("cmandy", roles.COMMUNITY_MANAGERS)
"""
PUBLISH = """
from kb.models import CategoryPage
from tests import factories
factories.make_article(CategoryPage.objects.get(slug="email"), "Mailbox storage",
                       symptoms=["quokka overflow in my inbox"])
"""
UNPUBLISH = """
from kb.models import ArticlePage
ArticlePage.objects.get(title="Mailbox storage").unpublish()
"""
QUERY = "quokka overflow"


def databases():
    yield pytest.param("sqlite", id="sqlite")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        yield pytest.param(url, id="postgresql")
    else:
        yield pytest.param(None, id="postgresql", marks=pytest.mark.skip("DATABASE_URL unset"))


@pytest.fixture
def site(request, tmp_path):
    """A migrated database with one article and a CM, its URL and the base environment."""
    url = request.param
    if url == "sqlite":
        url = f"sqlite:///{tmp_path / 'procs.sqlite3'}"
    else:
        name = f"onereply_procs_{uuid.uuid4().hex[:8]}"
        admin = re.sub(r"/[^/]*$", "/postgres", url)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        url = re.sub(r"/[^/]*$", f"/{name}", url)
        request.addfinalizer(lambda: _drop(admin, name))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ONEREPLY_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kb.settings",
        "DEBUG": "1",
        "RATELIMIT_ENABLE": "0",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "--no-imports", "-c", SETUP)
    return env


def _drop(admin, name):
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def start(command, env, log):
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
    )


def logged_in(base):
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=30)
    session.post(
        f"{base}/accounts/login/",
        data={
            "username": "cmandy",
            "password": "pass-for-tests-123",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
    )
    return session


def titles(session, base):
    response = session.get(f"{base}/social/articles/", params={"q": QUERY}, timeout=30)
    response.raise_for_status()
    return [result["title"] for result in response.json()["results"]]


def wait_for(check, seconds):
    """True as soon as ``check()`` is, False if it was still false after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.parametrize("site", list(databases()), indirect=True)
def test_a_publish_is_matched_by_every_server_process(site, tmp_path):
    servers, processes = [], []
    try:
        for n, port in enumerate((8174, 8175)):
            env = {
                **site,
                "BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": "1",
                "TASK_WORKER": "0",
                "MATCHER_INDEX_DIR": str(tmp_path / f"index-{n}"),  # no shared disk
            }
            log = open(tmp_path / f"gunicorn-{n}.log", "w")  # noqa: SIM115
            processes.append(start([str(Path(sys.executable).with_name("gunicorn"))], env, log))
            servers.append(f"http://127.0.0.1:{port}")
        worker_env = {**site, "MATCHER_INDEX_DIR": str(tmp_path / "index-worker")}
        worker_log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
        command = [sys.executable, "manage.py", "db_worker", "--backend", "background"]
        processes.append(start(command, worker_env, worker_log))
        assert all(wait_for(lambda b=b: _up(b), 300) for b in servers)
        sessions = [logged_in(base) for base in servers]
        for session, base in zip(sessions, servers, strict=True):
            assert "Mailbox storage" not in titles(session, base)  # matchers built

        manage(site, "shell", "--no-imports", "-c", PUBLISH)
        for session, base in zip(sessions, servers, strict=True):
            assert wait_for(lambda s=session, b=base: "Mailbox storage" in titles(s, b), 2)

        manage(site, "shell", "--no-imports", "-c", UNPUBLISH)
        for session, base in zip(sessions, servers, strict=True):
            assert wait_for(lambda s=session, b=base: "Mailbox storage" not in titles(s, b), 2)
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=60)


def _up(base):
    try:
        return requests.get(f"{base}/healthz/", timeout=5).status_code == 200
    except requests.RequestException:  # not listening yet, or still booting
        return False
