"""Standard Webhooks signing, the sending side: the secret's rules and the signed string."""

import base64
import datetime
import hashlib
import hmac

import pytest
from freezegun import freeze_time
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from exemplar_stories.syndication import signing

from ..support.receiver import SECRET

KEY_24 = base64.b64encode(b"k" * 24).decode()
BODY = '{"tiêu đề":"Gương sáng"}'.encode()


PREFIX = "The secret must start with 'whsec_'."
NOT_BASE64 = "The secret after 'whsec_' must be base64."
TOO_SHORT = "The secret is too short (at least 24 bytes)."


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (None, PREFIX),
        ("", PREFIX),
        (KEY_24, PREFIX),  # the key without its prefix
        ("WHSEC_" + KEY_24, PREFIX),
        ("whsec_not base64!", NOT_BASE64),
        ("whsec_" + KEY_24 + "!!", NOT_BASE64),  # strict: no stray characters skipped
        ("whsec_" + base64.b64encode(b"k" * 23).decode(), TOO_SHORT),
        ("whsec_", TOO_SHORT),
    ],
)
def test_a_bad_secret_is_refused_with_its_reason(secret, message):
    with pytest.raises(signing.InvalidSecret) as refused:
        signing.secret_key(secret)
    assert str(refused.value) == message


def test_a_24_byte_key_is_the_shortest_accepted():
    assert signing.secret_key("whsec_" + KEY_24) == b"k" * 24


def test_the_key_is_the_base64_after_the_prefix():
    assert signing.secret_key(SECRET) == base64.b64decode(SECRET.removeprefix("whsec_"))


def test_the_signature_is_hmac_sha256_of_id_timestamp_and_body():
    signature = signing.sign(secret=SECRET, msg_id="msg_1", timestamp=1700000000.9, body=BODY)
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    expected = hmac.new(key, b"msg_1.1700000000." + BODY, hashlib.sha256).digest()
    assert signature == "v1," + base64.b64encode(expected).decode()


def test_the_headers_verify_with_the_reference_library_and_only_for_this_body():
    now = 1700000000.4
    headers = signing.webhook_headers(secret=SECRET, msg_id="msg_1", timestamp=now, body=BODY)
    assert headers["webhook-id"] == "msg_1"
    assert headers["webhook-timestamp"] == "1700000000"
    assert set(headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    webhook = Webhook(SECRET)
    with freeze_time(datetime.datetime.fromtimestamp(now, datetime.UTC)):  # the receiver's clock
        assert webhook.verify(BODY, headers) == {"tiêu đề": "Gương sáng"}
        with pytest.raises(WebhookVerificationError):
            webhook.verify(BODY + b" ", headers)
