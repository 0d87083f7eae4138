"""`POST /social/webhook/`: one complaint as JSON, signed with the shared secret.

Header `X-OneReply-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. Idempotent on
(network, external_id): a replay answers 200 with outcome "duplicate" and creates nothing.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from social.ingest.records import Rejected, make_record
from social.ingest.store import ingest

HEADER = "X-OneReply-Signature"


def signature(body, secret):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


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
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "body is not JSON"}, status=400)
    try:
        record = make_record(data)
    except Rejected as error:
        return JsonResponse({"error": str(error)}, status=400)
    complaint, outcome = ingest(record)
    status = 201 if outcome == "created" else 200
    return JsonResponse(
        {"id": complaint.pk if complaint else None, "outcome": outcome}, status=status
    )
