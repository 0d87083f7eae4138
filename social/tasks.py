"""The social inbox's background jobs (Django's Tasks API, "background" backend; see jobs.py)."""

import os
import shutil
import tempfile
import time

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django_tasks import task

from social import article_index, group_send, jobs
from social.ingest.file_import import import_file
from social.ingest.polling import poll_all


class _JobProgress:
    """import_file's progress callback, reported to the job at most once a second."""

    def __init__(self, job, total_lines):
        self.job, self.total, self.last = job, total_lines, 0.0

    def update(self, _bytes_read, lines, force=False):
        if force or time.monotonic() - self.last >= 1.0:
            self.last = time.monotonic()
            self.job.advance(lines, self.total)


@task(backend=jobs.BACKEND)
@jobs.job_task
def import_complaints(job, name, match=True):
    """Import the uploaded file ``name`` (in the default storage); safe to run again."""
    suffix = os.path.splitext(name)[1]
    with (
        default_storage.open(name, "rb") as source,
        tempfile.NamedTemporaryFile(suffix=suffix) as local,
    ):
        shutil.copyfileobj(source, local)
        local.flush()
        with open(local.name, "rb") as counting:
            total = sum(1 for line in counting if line.strip())
        job.advance(0, total)
        summary = import_file(local.name, match=match, progress=_JobProgress(job, total))
    job.advance(total, total)
    return "\n".join(summary.lines())


def store_upload(upload):
    """Save an uploaded file where every worker can read it (the default storage)."""
    return default_storage.save(f"imports/{os.path.basename(upload.name)}", upload)


def start_import(upload, match=True, user=None):
    """Store an uploaded complaints file and start its import job."""
    name = store_upload(upload)
    return jobs.start(
        import_complaints, name, match, description=f"Import {os.path.basename(name)}", user=user
    )


@task(backend=jobs.BACKEND)
@jobs.job_task
def poll_networks(job):
    """Fetch new mentions from every configured network (each resumes where it stopped)."""
    results = poll_all()
    return "\n".join(
        f"{network}: {', '.join(f'{k}: {n}' for k, n in sorted(outcomes.items())) or '-'}"
        for network, outcomes in results.items()
    )


@task(backend=jobs.BACKEND)
@jobs.job_task
def rebuild_matcher_index(job):
    """Rebuild the matcher's index from the live articles (every process follows)."""
    count = article_index.rebuild()
    job.advance(count, count)
    return f"{count} articles"


@task(backend=jobs.BACKEND)
@jobs.job_task
def send_group(job, reply_pks, user_id):
    """Send a group's reviewed replies one member at a time: each is sent at most once, so a
    job resumed after a crash goes on where it stopped."""
    user = get_user_model().objects.filter(pk=user_id).first()
    job.advance(0, len(reply_pks))
    sent, errors = group_send.run(reply_pks, user, progress=job.advance)
    return f"{len(sent)} sent, {len(errors)} not sent"


def start_group_send(cluster, reply_pks, user):
    """Queue the sending of a group's prepared replies; returns the Job."""
    return jobs.start(
        send_group,
        list(reply_pks),
        user.pk,
        description=f"Reply to group {cluster.pk} ({len(reply_pks)})",
        user=user,
        total=len(reply_pks),
    )
