"""Background jobs through Django's Tasks API: an import queued from the command line runs in
the database worker with its progress, running it again after a crash imports nothing twice,
and the Redis (RQ) backend runs the same task when a Redis server is reachable."""

import json
import uuid
from datetime import timedelta

import pytest
import redis
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from social import jobs, tasks
from social.jobs import Job
from social.models import Complaint

DATABASE = {"BACKEND": "django_tasks_db.DatabaseBackend"}


def complaints_file(count):
    rows = [
        {
            "network": "x",
            "external_id": str(9000 + n),
            "author_handle": f"user{n}",
            "text": f"my mails bounce since this morning {n}",
            "created_at": "2026-01-01T10:00:00+00:00",
        }
        for n in range(count)
    ]
    return ContentFile("\n".join(json.dumps(r) for r in rows).encode(), name="complaints.jsonl")


@pytest.fixture
def database_tasks(settings, tmp_path):
    settings.TASKS = {**settings.TASKS, "background": DATABASE}
    settings.MEDIA_ROOT = tmp_path


def run_worker():
    call_command("db_worker", "--backend", "background", "--batch", "--no-startup-delay")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_runs_in_the_database_worker_with_its_progress(database_tasks, bounce_article):
    job = tasks.start_import(complaints_file(30), match=True)
    assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED
    assert Complaint.objects.count() == 0  # nothing done in the caller
    run_worker()
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (Job.State.DONE, 30, 30)
    assert "Imported: 30" in job.message
    assert Complaint.objects.filter(matched=True).count() == 30


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_whose_worker_died_is_resumed_without_duplicates(database_tasks, bounce_article):
    job = tasks.start_import(complaints_file(20), match=True)
    run_worker()
    # The worker "died" after the commit of its work but before marking the job done.
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, updated_at=timezone.now() - jobs.STALE_AFTER - timedelta(1)
    )
    assert jobs.resume_stale() == 1
    assert jobs.resume_stale() == 0  # it is queued again, not stale any more
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.attempts == 2
    assert "Duplicates: 20" in job.message
    assert Complaint.objects.count() == 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_job_reports_its_error(database_tasks):
    job = jobs.start(tasks.import_complaints, "imports/missing.jsonl", True, description="x")
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "missing.jsonl" in job.message


def redis_reachable():
    try:
        return redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_redis_backend_runs_the_same_import(settings, tmp_path, bounce_article):
    from django_rq import get_queue
    from django_tasks_rq import Job as RQJob
    from rq import SimpleWorker

    queue_name = f"onereply-test-{uuid.uuid4().hex[:8]}"  # others may share this Redis
    settings.RQ_QUEUES = {queue_name: {"URL": "redis://127.0.0.1:6379/0"}}
    settings.TASKS = {
        **settings.TASKS,
        "background": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue_name]},
    }
    settings.MEDIA_ROOT = tmp_path
    job = jobs.start(
        tasks.import_complaints.using(queue_name=queue_name),
        tasks.store_upload(complaints_file(10)),
        True,
        description="import over Redis",
    )
    queue = get_queue(queue_name, job_class=RQJob)
    try:
        assert queue.count == 1
        SimpleWorker([queue], connection=queue.connection, job_class=RQJob).work(burst=True)
    finally:
        queue.empty()
        queue.delete()
    job.refresh_from_db()
    assert (job.state, job.done) == (Job.State.DONE, 10)
    assert Complaint.objects.count() == 10


@pytest.mark.django_db
def test_a_cm_uploads_a_file_and_follows_the_import(client, community_manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(community_manager)
    upload = complaints_file(12)
    response = client.post("/social/jobs/", {"file": upload, "match": "on"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/social/jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "12 of 12" in page  # run at once in tests (the immediate backend)
    assert "Imported: 12" in page
    assert Complaint.objects.count() == 12
    assert job.created_by == community_manager


@pytest.mark.django_db
def test_only_cms_see_jobs_and_upload(client, customer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(customer)
    assert client.post("/social/jobs/", {"file": complaints_file(3)}).status_code in (302, 403)
    assert client.get("/social/jobs/").status_code in (302, 403)
    assert not Job.objects.exists() and not Complaint.objects.exists()
