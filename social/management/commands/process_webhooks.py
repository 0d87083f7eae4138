"""`manage.py process_webhooks`: process again the webhook deliveries that failed, and those
received but never processed (the process stopped in between)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from social.ingest.webhook import process
from social.models import WebhookDelivery

Status = WebhookDelivery.Status


class Command(BaseCommand):
    help = "Process the failed or unprocessed webhook deliveries again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            help="Seconds after which a delivery still 'received' counts as interrupted.",
        )

    def handle(self, *args, older_than, **options):
        since = timezone.now() - timedelta(seconds=older_than)
        pending = WebhookDelivery.objects.filter(
            Q(status=Status.FAILED) | Q(status=Status.RECEIVED, received_at__lt=since)
        ).order_by("pk")
        done = 0
        for delivery in pending.iterator():
            if process(delivery).status != Status.FAILED:
                done += 1
        still = WebhookDelivery.objects.filter(status=Status.FAILED).count()
        self.stdout.write(f"Processed: {done}; still failing: {still}")
