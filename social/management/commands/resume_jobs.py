"""`manage.py resume_jobs`: enqueue again the background jobs whose worker died."""

from django.core.management.base import BaseCommand

from social import jobs


class Command(BaseCommand):
    help = "Enqueue again the background jobs that stopped reporting (a crashed worker)."

    def handle(self, *args, **options):
        self.stdout.write(f"Jobs resumed: {jobs.resume_stale()}")
