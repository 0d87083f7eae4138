"""`manage.py rebuild_matcher_index`: rebuild the social matcher's index from the live articles."""

from django.core.management.base import BaseCommand

from social import article_index


class Command(BaseCommand):
    help = "Rebuild the social matcher's index from the live articles."

    def handle(self, *args, **options):
        count = article_index.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Matcher index rebuilt: {count} articles."))
