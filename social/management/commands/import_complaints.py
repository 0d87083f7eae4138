"""`manage.py import_complaints FILE`: import complaints from JSONL or CSV (Kaggle twcs too)."""

import os

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from social.ingest.file_import import Progress, import_file
from social.tasks import start_import


class Command(BaseCommand):
    help = "Import complaints from a JSONL or CSV file; safe to run again on the same file."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--no-match", action="store_true", help="Skip matching (faster).")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--background",
            action="store_true",
            help="Hand the file to the task worker and return (prints the job's id).",
        )

    def handle(self, *args, file, no_match, no_progress, background, **options):
        if not os.path.isfile(file):
            raise CommandError(f"No such file: {file}")
        if background:
            with open(file, "rb") as upload:
                job = start_import(File(upload, name=os.path.basename(file)), match=not no_match)
            self.stdout.write(f"Job {job.pk} queued: {job.description}")
            return
        progress = None if no_progress else Progress(os.path.getsize(file))
        summary = import_file(file, match=not no_match, progress=progress)
        for line in summary.lines():
            self.stdout.write(line)
