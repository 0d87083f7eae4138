"""Helpful votes and "I have this problem too" are rate-limited per member, with counters that
every worker shares (the database's cache table without REDIS_URL)."""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.db import connection
from django.urls import reverse

from kb.forum import rules, services
from tests.forum.conftest import login

LIMIT = int(rules.VOTE_RATE.split("/")[0])
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def answer(topic, other_member):
    return services.add_reply(other_member, topic, "Check your MX records.")


@pytest.mark.parametrize("action", ["helpful", "me_too"])
def test_votes_are_limited_per_member(client, answer, member, action):
    target = answer if action == "helpful" else answer.topic
    url = reverse(f"forum:{action}", args=[target.pk])
    login(client, member)
    assert {client.post(url).status_code for _ in range(LIMIT)} == {302}
    response = client.post(url)
    assert response.status_code == 429 and "Slow down" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the in-memory SQLite test database is one connection; processes cover SQLite below",
)
def test_concurrent_votes_share_one_counter(live_server, answer, member, client):
    """8 threads click "helpful" 100 times at once: exactly the limit gets through."""
    login(client, member)
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": "t" * 32}
    url = live_server.url + reverse("forum:helpful", args=[answer.pk])

    def click(_):
        response = requests.post(
            url, cookies=cookies, headers={"X-CSRFToken": "t" * 32}, allow_redirects=False
        )
        return response.status_code

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(click, range(100)))
    assert sorted(set(codes)) == [302, 429]
    assert codes.count(302) == LIMIT


COUNT = """
import sys, time
from pathlib import Path
import django
django.setup()
from django.test import RequestFactory
from django_ratelimit.core import get_usage
request = RequestFactory().post("/", REMOTE_ADDR="10.9.9.9")
print("ready", flush=True)
while not Path(sys.argv[1]).exists():
    time.sleep(0.01)
for _ in range(int(sys.argv[2])):
    usage = get_usage(request, group="shared", key="ip", rate="100000/d", increment=True)
print(usage["count"])
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_processes_share_the_rate_limit_counter(tmp_path):
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    else:  # the test database is in memory: the processes share a file database
        url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "kb.settings"}
    env.pop("REDIS_URL", None)
    if connection.vendor != "postgresql":
        subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env)
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", COUNT, str(go), "50"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready"
    go.touch()
    last_counts = sorted(int(worker.communicate(timeout=300)[0]) for worker in workers)
    assert last_counts[-1] == 100  # no increment lost, none counted twice
