"""Background jobs the staff can follow: long work run by the task worker, with its progress.

The pattern every long job follows (imports, polling, index rebuilds, group replies):

- :func:`start` records a :class:`Job` and enqueues its task on the "background" backend
  (Django's Tasks API); the request returns at once and the page shows the job's progress.
- The task function is decorated with :func:`job_task`: it receives the ``Job`` first, marks
  it running, and reports ``job.advance(done, total)`` as it goes; the job ends ``done`` with
  a summary, or ``failed`` with the error.
- The work itself is idempotent and resumable: it skips what is already done (unique keys,
  states) and only then does the rest, so running it again after a crash loses nothing and
  does nothing twice. :func:`resume_stale` re-enqueues the jobs whose worker died
  (``manage.py resume_jobs``, run by ``make serve`` at start and from cron).
"""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

BACKEND = "background"
STALE_AFTER = timedelta(minutes=10)  # a running job that reported nothing for that long died


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    task_path = models.CharField(max_length=200)
    arguments = models.JSONField(default=list)
    description = models.CharField(max_length=255)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "social"
        ordering = ["-created_at"]

    def __str__(self):
        return self.description

    def advance(self, done, total=None):
        """Report progress (also the job's heartbeat)."""
        self.done = done
        fields = {"done": done, "updated_at": timezone.now()}
        if total is not None:
            self.total = fields["total"] = total
        Job.objects.filter(pk=self.pk).update(**fields)

    @property
    def finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)


def job_task(func):
    """Make ``func(job, *args)`` the body of a background task run with its :class:`Job`."""

    @functools.wraps(func)
    def run(job_id, *args):
        job = Job.objects.filter(pk=job_id).first()
        if job is None or job.state == Job.State.DONE:
            return None  # already done (a duplicate delivery) or deleted
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.RUNNING, attempts=models.F("attempts") + 1, updated_at=timezone.now()
        )
        try:
            summary = func(job, *args)
        except Exception as exc:
            log.exception("job %s failed", job.pk)
            message = f"{type(exc).__name__}: {exc}"[:2000]
            Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, message=message)
            raise
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.DONE, message=summary or "", updated_at=timezone.now()
        )
        return summary

    return run


def start(task, *args, description, user=None, total=None):
    """Record a job for ``task`` (a ``@task(backend="background")`` over a ``job_task``) and
    enqueue it; returns the Job. ``total``: the amount of work, when known before it starts."""
    job = Job.objects.create(
        task_path=task.module_path,
        arguments=list(args),
        description=description[:255],
        total=total,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    task.enqueue(job.pk, *args)
    return job


def resume_stale(now=None):
    """Enqueue again the jobs whose worker died (queued or running, silent for STALE_AFTER)."""
    from django.utils.module_loading import import_string

    cutoff = (now or timezone.now()) - STALE_AFTER
    stale = Job.objects.filter(
        state__in=[Job.State.QUEUED, Job.State.RUNNING], updated_at__lt=cutoff
    )
    resumed = 0
    for job in stale:
        Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, updated_at=timezone.now())
        import_string(job.task_path).enqueue(job.pk, *job.arguments)
        resumed += 1
    return resumed
