"""A stand-in for Sở Nội vụ's portal in development: it verifies each delivery's Standard
Webhooks signature (https://www.standardwebhooks.com/) with the configured secret and answers
200, or 400 with the reason. Mounted by the project's urls only when DEBUG is on (`make run`),
so that the whole loop — publish, deliver, "Đã gửi" in the log — works on a laptop."""

import base64
import hashlib
import hmac
import json
import logging
import time

from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..core.conf import get_setting

logger = logging.getLogger(__name__)

TOLERANCE = 5 * 60  # seconds between the sender's clock and ours


def _key(secret):
    return base64.b64decode(secret.removeprefix("whsec_"))


def verify(*, secret, body, msg_id, timestamp, signatures, now=None):
    """The reason the request is not genuine, or "" if it is (the receiving side of the spec)."""
    if not (secret and msg_id and timestamp and signatures):
        return "missing webhook-id, webhook-timestamp or webhook-signature"
    try:
        sent_at = int(timestamp)
    except ValueError:
        return "bad webhook-timestamp"
    if abs((now or time.time()) - sent_at) > TOLERANCE:
        return "webhook-timestamp too far from now"
    signed = f"{msg_id}.{sent_at}.".encode() + body
    expected = base64.b64encode(hmac.new(_key(secret), signed, hashlib.sha256).digest()).decode()
    for signature in signatures.split():
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return ""
    return "no valid signature"


@csrf_exempt
@require_POST
def demo_receiver(request):
    problem = verify(
        secret=get_setting("SYNDICATION_SECRET"),
        body=request.body,
        msg_id=request.headers.get("webhook-id", ""),
        timestamp=request.headers.get("webhook-timestamp", ""),
        signatures=request.headers.get("webhook-signature", ""),
    )
    if problem:
        logger.warning("demo receiver refused a delivery: %s", problem)
        return HttpResponseBadRequest(f"Chữ ký không hợp lệ: {problem}")
    try:
        payload = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest("Nội dung không phải JSON.")
    logger.info("demo receiver got %s", payload.get("event"))
    return JsonResponse({"received": request.headers["webhook-id"]})
