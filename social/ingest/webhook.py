"""`POST /social/webhook/`: one complaint as JSON, signed with the shared secret.

Header `X-OneReply-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. Idempotent on
(network, external_id): a replay answers 200 with outcome "duplicate" and creates nothing.
A signed body is stored first (`WebhookDelivery`), then processed: a line that is not a
complaint answers 400 with the reason; a processing that fails is kept as "failed" (202) and
`manage.py process_webhooks` runs it again.
"""

import hashlib
import hmac
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from social.ingest.records import Rejected, loads, make_record
from social.ingest.store import ingest
from social.models import WebhookDelivery

HEADER = "X-OneReply-Signature"
Status = WebhookDelivery.Status
log = logging.getLogger(__name__)


def signature(body, secret):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def process(delivery):
    """Turn a stored delivery into a complaint; record and return its outcome."""
    delivery.attempts += 1
    try:
        complaint, outcome = ingest(make_record(loads(bytes(delivery.body))))
    except Rejected as error:
        delivery.status, delivery.outcome, delivery.error = Status.REJECTED, "", str(error)
    except Exception as error:  # kept, to be processed again
        log.exception("webhook delivery %s failed", delivery.pk)
        delivery.status, delivery.error = Status.FAILED, f"{type(error).__name__}: {error}"
    else:
        delivery.status, delivery.outcome, delivery.error = Status.DONE, outcome, ""
        delivery.complaint = complaint
    delivery.save(update_fields=["status", "outcome", "error", "complaint", "attempts"])
    return delivery


@csrf_exempt
@require_POST
@ratelimit(key="ip", rate="600/m", block=True)
def webhook(request):
    secret = settings.SOCIAL_WEBHOOK_SECRET
    if not secret:
        return JsonResponse({"error": "webhook not configured"}, status=503)
    given = request.headers.get(HEADER, "")
    if not hmac.compare_digest(given.encode(), signature(request.body, secret).encode()):
        return JsonResponse({"error": "bad signature"}, status=403)
    try:
        delivery = WebhookDelivery.objects.create(body=request.body, received_at=timezone.now())
    except DatabaseError:
        log.exception("webhook delivery not stored")
        response = JsonResponse({"error": "busy, send it again"}, status=503)
        response["Retry-After"] = "5"
        return response
    delivery = process(delivery)
    if delivery.status == Status.REJECTED:
        return JsonResponse({"error": delivery.error, "delivery": delivery.pk}, status=400)
    if delivery.status == Status.FAILED:
        return JsonResponse({"outcome": "queued", "delivery": delivery.pk}, status=202)
    return JsonResponse(
        {"id": delivery.complaint_id, "outcome": delivery.outcome, "delivery": delivery.pk},
        status=201 if delivery.outcome == "created" else 200,
    )
