"""The default backend: nothing leaves the machine; the reply stays in the Django outbox."""

import uuid

from .base import SentPost


class OutboxBackend:
    name = "outbox"

    def send(self, text, in_reply_to):
        return SentPost(external_id=f"outbox:{uuid.uuid4()}")

    def find_sent(self, text, in_reply_to):
        return None
