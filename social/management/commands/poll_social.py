"""`manage.py poll_social`: fetch new mentions from each configured network."""

from django.core.management.base import BaseCommand

from social.ingest.polling import poll_all


class Command(BaseCommand):
    help = "Poll X, Mastodon and Bluesky (those configured) for new complaints."

    def handle(self, *args, **options):
        results = poll_all()
        if not results:
            self.stdout.write("No network configured (see social/networks/config.py).")
        for network, outcomes in results.items():
            summary = (
                ", ".join(f"{name}: {n}" for name, n in sorted(outcomes.items())) or "nothing new"
            )
            self.stdout.write(f"{network}: {summary}")
