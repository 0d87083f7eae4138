"""`manage.py import_complaints FILE`: import complaints from JSONL or CSV (Kaggle twcs too)."""

import os

from django.core.management.base import BaseCommand, CommandError

from social.ingest.file_import import Progress, import_file


class Command(BaseCommand):
    help = "Import complaints from a JSONL or CSV file; safe to run again on the same file."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--no-match", action="store_true", help="Skip matching (faster).")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file, no_match, no_progress, **options):
        if not os.path.isfile(file):
            raise CommandError(f"No such file: {file}")
        progress = None if no_progress else Progress(os.path.getsize(file))
        summary = import_file(file, match=not no_match, progress=progress)
        for line in summary.lines():
            self.stdout.write(line)
