"""Standard Webhooks signatures (https://www.standardwebhooks.com/), the sending side.

The receiver verifies them with any Standard Webhooks library, e.g. Python's `standardwebhooks`:
``Webhook(secret).verify(body, headers)``.
"""

import base64
import hashlib
import hmac

SECRET_PREFIX = "whsec_"


class InvalidSecret(ValueError):
    pass


def secret_key(secret):
    """The raw key of a `whsec_…` secret (base64 after the prefix)."""
    if not secret or not secret.startswith(SECRET_PREFIX):
        raise InvalidSecret("The secret must start with 'whsec_'.")
    try:
        key = base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
    except ValueError as error:
        raise InvalidSecret("The secret after 'whsec_' must be base64.") from error
    if len(key) < 24:
        raise InvalidSecret("The secret is too short (at least 24 bytes).")
    return key


def sign(*, secret, msg_id, timestamp, body):
    """The `webhook-signature` header value for `body` (bytes)."""
    signed = f"{msg_id}.{int(timestamp)}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return f"v1,{base64.b64encode(digest).decode()}"


def webhook_headers(*, secret, msg_id, timestamp, body):
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(timestamp)),
        "webhook-signature": sign(secret=secret, msg_id=msg_id, timestamp=timestamp, body=body),
    }
