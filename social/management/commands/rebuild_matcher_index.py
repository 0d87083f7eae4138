"""`manage.py rebuild_matcher_index`: rebuild the matcher's indexes from the live articles and
the public forum topics."""

from django.core.management.base import BaseCommand

from kb.forum import topic_index
from social import article_index


class Command(BaseCommand):
    help = "Rebuild the matcher's indexes from the live articles and the public forum topics."

    def handle(self, *args, **options):
        count = article_index.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Matcher index rebuilt: {count} articles."))
        topics = topic_index.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Forum index rebuilt: {topics} topics."))
