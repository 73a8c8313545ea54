"""The demo receiver that stands in for Sở Nội vụ in `make run` (issue 15, finding 2): it
verifies the signature, and the demo's published stories arrive there as "delivered"."""

import json
import time

import pytest
from django.test import RequestFactory
from django.urls import include, path

from exemplar_stories.demo.receiver import demo_receiver
from exemplar_stories.syndication import signing

SECRET = "whsec_ZGV2LW9ubHktZGVtby1yZWNlaXZlci1zZWNyZXQ="
BODY = json.dumps({"event": "story.published"}).encode()

urlpatterns = [
    path("demo/so-noi-vu/", demo_receiver),
    path("", include("portal.urls")),
]


@pytest.fixture
def dev_syndication(settings):
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_URL": "http://127.0.0.1:8000/demo/so-noi-vu/",
        "SYNDICATION_SECRET": SECRET,
        "SYNDICATION_BACKEND": "exemplar_stories.syndication.in_process.InProcessBackend",
    }


def _post(headers, body=BODY):
    request = RequestFactory().post(
        "/demo/so-noi-vu/", data=body, content_type="application/json", headers=headers
    )
    return demo_receiver(request)


def test_the_demo_receiver_accepts_a_good_signature(dev_syndication):
    headers = signing.webhook_headers(
        secret=SECRET, msg_id="msg_1", timestamp=time.time(), body=BODY
    )
    assert _post(headers).status_code == 200


def test_the_demo_receiver_rejects_a_bad_signature(dev_syndication):
    headers = signing.webhook_headers(
        secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        msg_id="msg_1",
        timestamp=time.time(),
        body=BODY,
    )
    response = _post(headers)
    assert response.status_code == 400
    assert "Chữ ký không hợp lệ" in response.content.decode()
    assert _post({}).status_code == 400
    tampered = signing.webhook_headers(
        secret=SECRET, msg_id="msg_1", timestamp=time.time(), body=BODY
    )
    assert _post(tampered, body=BODY + b" ").status_code == 400


def test_the_dev_settings_send_to_the_demo_receiver():
    from portal.settings import dev

    assert dev.EXEMPLAR_STORIES["SYNDICATION_URL"].endswith("/demo/so-noi-vu/")
    assert dev.EXEMPLAR_STORIES["SYNDICATION_SECRET"].startswith("whsec_")


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_the_demo_loaders_stories_are_delivered(migrated_state, dev_syndication):
    from exemplar_stories.demo.loader import load_demo_content
    from exemplar_stories.models import DeliveryStatus, SyndicationDelivery

    load_demo_content()
    statuses = set(SyndicationDelivery.objects.values_list("status", flat=True))
    assert statuses == {DeliveryStatus.DELIVERED}, list(
        SyndicationDelivery.objects.exclude(status=DeliveryStatus.DELIVERED).values(
            "event", "status", "last_status_code", "last_response"
        )
    )
    assert SyndicationDelivery.objects.count() >= 5
