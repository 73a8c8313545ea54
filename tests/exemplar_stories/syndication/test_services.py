"""Push syndication: outbox rows in the publish transaction, signed POSTs to a real receiver on
127.0.0.1, retries driven by moving the clock (never by sleeping), exactly-once delivery."""

import json
import random
import socket
import threading
import uuid
from datetime import timedelta

import pytest
from django.core.checks import Error
from django.db import connection, transaction
from django.utils import timezone, translation
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from exemplar_stories.core.html import clean_html
from exemplar_stories.models import Award as AwardModel
from exemplar_stories.models import (
    DeliveryStatus,
    StoryAward,
    SyndicationDelivery,
    SyndicationTarget,
)
from exemplar_stories.syndication import services, signing
from exemplar_stories.syndication.checks import check_syndication_settings

from ..support.clock import JitterAt, NoJitter, due_now
from ..support.factories import make_story, make_unit
from ..support.receiver import SECRET, validate_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Run `action` as a request would: commit, then run what was queued for after commit."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


# --- the three events ----------------------------------------------------------------------


def test_publish_sends_one_signed_post_valid_against_the_schema(receiver, publish):
    image = Image.objects.create(title="Ảnh", file=get_test_image_file())
    story = publish(
        make_story,
        "Gương sáng Kế Sách",
        hero_image=image,
        hero_image_alt="Chị Lan tại buổi trợ giúp pháp lý",
        body=[("paragraph", RichText("<p>Chị Lan <b>tận tụy</b>.</p>"))],
        criterion_achievement="Hoàn thành xuất sắc nhiệm vụ.",
    )
    assert len(receiver.received) == 1
    request = receiver.received[0]
    assert request["verified"] is True
    payload = request["payload"]
    validate_payload(payload)
    assert payload["event"] == "story.published"
    assert payload["id"] == f"urn:uuid:{story.syndication_uuid}"
    assert payload["url"] == story.get_full_url()
    assert payload["kind"] == "exemplar" and payload["kind_label"] == "Gương điển hình tiên tiến"
    assert payload["unit"] == {"name": "Phòng Tư pháp huyện Kế Sách", "slug": story.unit.slug}
    assert payload["published_at"].endswith("+07:00")
    assert payload["images"][0]["url"].startswith("http://localhost/media/images/")
    assert payload["images"][0]["alt"] == "Chị Lan tại buổi trợ giúp pháp lý"
    assert payload["criteria"][0]["criterion"] == "achievement"
    assert "<b>tận tụy</b>" in payload["body_html"]
    delivery = SyndicationDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 1 and delivery.last_status_code == 200
    assert request["headers"]["Webhook-Id"] == delivery.webhook_id
    assert json.loads(delivery.body) == payload  # what was sent is kept, byte for byte


def test_the_post_says_it_is_json_in_utf_8_and_who_sends_it(receiver, publish):
    publish(make_story, "Gương sáng")
    headers = {name.lower(): value for name, value in receiver.received[0]["headers"].items()}
    # Media types are case-insensitive (RFC 9110 §8.3.1): so is the check.
    assert headers["content-type"].lower() == "application/json; charset=utf-8"
    assert headers["user-agent"] == "exemplar-stories-syndication/1"


def test_republish_sends_story_updated_with_a_new_webhook_id(receiver, publish):
    story = publish(make_story, "Gương sáng")
    story.title = "Gương sáng (cập nhật)"
    publish(lambda: story.save_revision().publish(skip_permission_checks=True))
    assert receiver.events == ["story.published", "story.updated"]
    assert receiver.received[1]["payload"]["title"] == "Gương sáng (cập nhật)"
    assert len(set(receiver.ids)) == 2
    assert receiver.received[0]["payload"]["id"] == receiver.received[1]["payload"]["id"]


def test_unpublish_sends_story_withdrawn(receiver, publish):
    story = publish(make_story, "Gương sáng")
    publish(story.unpublish)
    assert receiver.events == ["story.published", "story.withdrawn"]
    assert all(r["verified"] is True for r in receiver.received)


def test_delete_sends_story_withdrawn_once_and_keeps_the_log(receiver, publish):
    story = publish(make_story, "Gương sáng")
    publish(story.delete)
    assert receiver.events == ["story.published", "story.withdrawn"]
    withdrawn = SyndicationDelivery.objects.get(event="story.withdrawn")
    assert withdrawn.page is None and withdrawn.story_title == "Gương sáng"


def test_republish_after_a_withdrawal_is_published_again(receiver, publish):
    story = publish(make_story, "Gương sáng")
    publish(story.unpublish)
    publish(lambda: story.save_revision().publish(skip_permission_checks=True))
    assert receiver.events == ["story.published", "story.withdrawn", "story.published"]


def test_a_draft_deleted_before_publication_sends_nothing(receiver, publish):
    story = publish(make_story, "Bản nháp", live=False)
    publish(story.delete)
    assert receiver.received == []


def test_a_publish_rolled_back_leaves_no_row_and_sends_nothing(receiver, publish):
    story = publish(make_story, "Gương sáng", live=False)

    def publish_then_fail():
        with transaction.atomic():
            story.save_revision().publish(skip_permission_checks=True)
            assert SyndicationDelivery.objects.count() == 1
            raise RuntimeError("something later in the request failed")

    with pytest.raises(RuntimeError):
        publish(publish_then_fail)
    assert SyndicationDelivery.objects.count() == 0
    assert receiver.received == []


def test_nothing_is_written_when_syndication_is_not_configured(publish):
    publish(make_story, "Gương sáng")
    assert SyndicationDelivery.objects.count() == 0


# --- retries -------------------------------------------------------------------------------


def test_three_500s_then_200_deliver_once_with_the_same_id_and_growing_delays(receiver, publish):
    receiver.script = [500, 500, 500, 200]
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    delays, moment = [], delivery.last_attempt_at
    for _round in range(10):  # bounded: an outbox that stops sending fails below, not hangs
        if delivery.status != DeliveryStatus.PENDING:
            break
        nxt = due_now(delivery)
        delays.append((nxt - moment).total_seconds())
        assert services.deliver_due(now=nxt - timedelta(seconds=1)) == []  # not due yet
        services.deliver_due(now=nxt)
        moment = nxt
        delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 4
    assert len(receiver.received) == 4
    assert len(set(receiver.ids)) == 1 and receiver.ids[0] == delivery.webhook_id
    assert all(r["verified"] is True for r in receiver.received)
    assert 48 <= delays[0] <= 72 and delays[0] < delays[1] < delays[2]


def test_retry_delays_grow_with_jitter_up_to_twelve_hours():
    rng = random.Random(5)
    delays = [services.retry_delay(n, rng=rng).total_seconds() for n in range(1, 16)]
    assert 48 <= delays[0] <= 72
    assert all(a < b for a, b in zip(delays[:8], delays[1:9], strict=True))
    assert max(delays) <= 12 * 3600 and delays[-1] >= 0.8 * 12 * 3600


def test_an_open_circuit_probes_after_a_minute_then_two_then_at_most_three():
    """Without jitter: a minute after it opens, two after the next failed probe, and from
    then on three (SYNDICATION_PROBE_MAX_DELAY)."""

    delays = [services.probe_delay(n, rng=NoJitter()).total_seconds() for n in range(1, 6)]
    assert delays == [60, 120, 180, 180, 180]


def test_the_jitter_is_twenty_percent_either_way_and_never_passes_the_ceiling():
    """Drawn at its ends, the jitter makes a one-minute wait 48 or 72 s; a wait already at
    its ceiling may come 20% early but never late."""
    low, high = JitterAt("low"), JitterAt("high")
    assert services.probe_delay(1, rng=low).total_seconds() == 48
    assert services.probe_delay(1, rng=high).total_seconds() == 72
    assert services.probe_delay(4, rng=low).total_seconds() == 144
    assert services.probe_delay(4, rng=high).total_seconds() == 180
    assert services.retry_delay(1, rng=low).total_seconds() == 48
    assert services.retry_delay(1, rng=high).total_seconds() == 72
    assert services.retry_delay(30, rng=low).total_seconds() == 34560  # 0.8 × 12 h
    assert services.retry_delay(30, rng=high).total_seconds() == 12 * 3600


def test_429_with_retry_after_is_honoured(receiver, publish):
    receiver.script = [(429, {"Retry-After": "600"})]
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code == 429
    assert delivery.next_attempt_at - delivery.last_attempt_at == timedelta(seconds=600)


def test_503_with_a_retry_after_date_is_honoured(receiver, publish):
    later = timezone.now().replace(microsecond=0) + timedelta(minutes=30)
    receiver.script = [(503, {"Retry-After": later.strftime("%a, %d %b %Y %H:%M:%S GMT")})]
    publish(make_story, "Gương sáng")
    assert [r["verified"] for r in receiver.received] == [True]  # the one POST got the 503
    delivery = SyndicationDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code == 503
    # Next attempt at the date the receiver named (give or take the second of the request).
    assert abs((delivery.next_attempt_at - later).total_seconds()) <= 2


def test_retry_after_is_read_as_an_http_date_or_not_at_all():
    now = timezone.now().replace(microsecond=0)
    later = (now + timedelta(minutes=30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert services.parse_retry_after(later, now=now) == 1800
    assert services.parse_retry_after("soon", now=now) is None
    past = (now - timedelta(minutes=5)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert services.parse_retry_after(past, now=now) == 0  # a date gone by: at once


def test_a_timeout_is_retried_later(receiver, publish, settings):
    receiver.script = [("sleep", 1.0)]
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code is None
    assert delivery.last_error.startswith(
        "Hết thời gian chờ: không nhận được câu trả lời đầy đủ trong "
    )
    assert delivery.next_attempt_at > delivery.last_attempt_at


def test_each_attempt_is_logged_a_failure_as_a_warning(receiver, publish, caplog):
    """What the operator reads in the worker's log: one line per attempt naming the delivery,
    the event, the attempt, the answer's code ("-" for none) and the error or the status."""
    receiver.script = [500, ("sleep", 1.0)]
    caplog.set_level("INFO", logger="exemplar_stories.syndication.services")
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    services.deliver_due(now=due_now(delivery))  # the timeout
    services.deliver_due(now=due_now(delivery))  # 200
    delivery.refresh_from_db()
    lines = [(r.levelname, r.getMessage()) for r in caplog.records if r.name.endswith("services")]
    prefix = f"syndication {delivery.webhook_id} story.published attempt"
    assert lines[0] == ("WARNING", f"{prefix} 1: 500 pending")
    level, message = lines[1]
    assert (
        level == "WARNING"
        and message.startswith(f"{prefix} 2: - ")
        and "Hết thời gian chờ" in message
    )
    assert lines[2] == ("INFO", f"{prefix} 3: 200 delivered")
    assert len(lines) == 3


def test_connection_refused_is_retried_later(receiver, publish, settings):
    """And the Office reads why in the site language, even when the publishing request ran in
    English (an admin's own language): the text is stored once, for the log and the email."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_URL": f"http://127.0.0.1:{port}/hooks/stories",
    }
    with translation.override("en"):
        publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.last_status_code is None
    assert delivery.last_error.startswith("Gửi không thành công (ConnectionRefusedError: ")


def test_redirects_are_not_followed(receiver, publish):
    receiver.script = [(302, {"Location": "http://127.0.0.1:1/elsewhere"})]
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    assert len(receiver.received) == 1
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code == 302


def test_410_disables_the_target_and_holds_every_delivery(receiver, publish):
    receiver.script = [(410, {})]
    publish(make_story, "Gương sáng")
    publish(make_story, "Mô hình hay", kind="new_model")
    target = SyndicationTarget.objects.get(url=receiver.url)
    assert target.is_disabled and "410" in target.disabled_reason
    assert len(receiver.received) == 1  # nothing more is sent to a gone address
    assert set(SyndicationDelivery.objects.values_list("status", flat=True)) == {"pending"}
    publish(services.reenable_target)
    assert len(receiver.received) == 3
    assert set(SyndicationDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_a_410_disables_only_the_address_that_answered_it(receiver, publish):
    """The receiver moved once before: the old address's row is still in the table. A 410 from
    the configured address disables that one; the old one, were it configured again, is not."""
    old = SyndicationTarget.objects.create(url="https://cu.tdkt.example.vn/hooks")
    receiver.script = [(410, {})]
    publish(make_story, "Gương sáng")
    assert SyndicationTarget.objects.get(url=receiver.url).is_disabled
    old.refresh_from_db()
    assert not old.is_disabled and old.disabled_reason == ""


@pytest.mark.parametrize("code", [400, 401, 403, 404, 422])
def test_other_4xx_fail_at_once_with_the_response_kept(receiver, publish, code):
    receiver.script = [code]
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_status_code == code and delivery.last_response == f"answer {code}"


@pytest.mark.parametrize("code", [408, 409, 425, 500, 502])
def test_retryable_answers_are_retried(receiver, publish, code):
    receiver.script = [code]
    publish(make_story, "Gương sáng")
    assert SyndicationDelivery.objects.get().status == DeliveryStatus.PENDING


def test_retries_give_up_after_three_days(receiver, publish):
    receiver.script = [500] * 100
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    for _round in range(50):  # bounded: an outbox that stops sending fails below, not hangs
        if delivery.status != DeliveryStatus.PENDING:
            break
        services.deliver_due(now=due_now(delivery))
        delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_attempt_at - delivery.created_at <= timedelta(days=3)
    assert 10 < delivery.attempts < 25
    assert delivery.last_error.startswith(f"Đã ngừng gửi sau {delivery.attempts} lần thử. ")


def test_a_delivery_left_sending_by_a_dead_worker_is_taken_over(receiver, publish):
    receiver.script = [500]
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    # A worker claims it at its due time, then dies before recording anything.
    claimed = services._claim(now=due_now(delivery))
    assert claimed.status == DeliveryStatus.SENDING
    assert services.deliver_due(now=claimed.last_attempt_at + timedelta(seconds=10)) == []
    services.deliver_due(now=claimed.claimed_until + timedelta(seconds=1))
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3


def test_an_update_waits_for_the_undelivered_publication_of_the_same_story(receiver, publish):
    receiver.script = [500]
    story = publish(make_story, "Gương sáng")
    publish(lambda: story.save_revision().publish(skip_permission_checks=True))
    assert receiver.events == ["story.published"]  # the update may not overtake it
    first = SyndicationDelivery.objects.get(event="story.published")
    services.deliver_due(now=due_now(first))
    assert receiver.events == ["story.published", "story.published", "story.updated"]


def test_a_withdrawal_skipped_while_the_publication_was_in_flight_follows_it(receiver, publish):
    # Two workers: one is sending the publication when the withdrawal's task runs on the other.
    receiver.script = [500]
    story = publish(make_story, "Gương sáng")
    first = SyndicationDelivery.objects.get(event="story.published")
    claimed = services._claim(now=due_now(first))
    publish(story.unpublish)
    withdrawn = SyndicationDelivery.objects.get(event="story.withdrawn")
    assert withdrawn.status == DeliveryStatus.PENDING  # its task found the publication in flight
    # The first worker finishes; the withdrawal goes out at once, not at the next cron run.
    publish(services._record, claimed, services._send(claimed), now=claimed.last_attempt_at)
    assert receiver.events == ["story.published", "story.published", "story.withdrawn"]
    assert set(SyndicationDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_a_withdrawal_skipped_while_a_first_send_was_in_flight_follows_it_at_once(
    receiver, publish
):
    """As above with nothing failed before: no closing circuit brings the withdrawal forward,
    only the finished send queueing its successor."""
    story = make_story("Gương sáng")  # written, not sent (no commit)
    services.current_target()
    claimed = services._claim(now=timezone.now())
    publish(story.unpublish)
    assert SyndicationDelivery.objects.get(event="story.withdrawn").status == DeliveryStatus.PENDING
    publish(services._record, claimed, services._send(claimed), now=claimed.last_attempt_at)
    assert receiver.events == ["story.published", "story.withdrawn"]


def test_the_cron_command_delivers_due_rows(receiver, publish):
    from django.core.management import call_command

    receiver.script = [500]
    publish(make_story, "Gương sáng")
    SyndicationDelivery.objects.update(next_attempt_at=timezone.now())
    call_command("deliver_syndication", verbosity=0)
    assert SyndicationDelivery.objects.get().status == DeliveryStatus.DELIVERED


# --- two workers, one queue ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_one_queue_send_each_delivery_exactly_once(
    require_postgres, migrated_state, receiver
):
    story = make_story("Gương sáng")  # outside a captured commit: rows only, nothing sent
    rows = [
        SyndicationDelivery(
            event="story.updated",
            page=story,
            story_uuid=uuid.uuid4(),
            story_title=f"Câu chuyện {n}",
            body=json.dumps({"n": n}),
        )
        for n in range(30)
    ]
    SyndicationDelivery.objects.all().delete()
    receiver.received.clear()
    SyndicationDelivery.objects.bulk_create(rows)
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            services.deliver_due()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(receiver.ids) == sorted(
        SyndicationDelivery.objects.values_list("webhook_id", flat=True)
    )
    assert len(receiver.ids) == len(set(receiver.ids)) == 30
    assert set(SyndicationDelivery.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.django_db(transaction=True)
def test_a_worker_passes_over_a_row_another_worker_holds_instead_of_waiting_for_it(
    require_postgres, migrated_state, receiver, settings
):
    """Another worker holds the first due row (its send in flight, its lock taken): this one
    sends the next row at once rather than waiting behind that worker's lock."""
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SYNDICATION_CONCURRENCY": 1}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    make_story("Gương thứ nhất")  # written, its task queued; no worker has run it yet
    make_story("Gương thứ hai")
    held_row, next_row = SyndicationDelivery.objects.order_by("pk")
    held, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                SyndicationDelivery.objects.select_for_update().get(pk=held_row.pk)
                held.set()
                release.wait(5)  # a waiting worker would get the row after this
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert held.wait(5)
        services.deliver_due(limit=1)
    finally:
        release.set()
        thread.join()
    assert receiver.ids == [next_row.webhook_id]


def test_of_deliveries_due_at_the_same_moment_the_older_go_first(receiver):
    """Five stories due at the same second: they go out in the order they were written, on
    PostgreSQL too, where rows come back in no particular order unless asked (each row here was
    rewritten, newest first, so the table holds them in reverse)."""
    for n in range(5):
        make_story(f"Gương {n}")  # written, not sent (no commit)
    moment = timezone.now()
    for row in SyndicationDelivery.objects.order_by("-pk"):
        SyndicationDelivery.objects.filter(pk=row.pk).update(next_attempt_at=moment)
    services.deliver_due(now=moment)
    assert [r["payload"]["title"] for r in receiver.received] == [f"Gương {n}" for n in range(5)]


# --- hostile content -----------------------------------------------------------------------

HOSTILE = (
    '<p>Xin chào<script>alert("x")</script></p>'
    '<p><img src="x" onerror="alert(1)"><a href="javascript:alert(2)">bấm</a>'
    '<a href=" java\tscript:alert(3)">nữa</a><a href="/lien-he/" onclick="steal()">liên hệ</a></p>'
    '<iframe src="https://www.youtube.com/embed/abc"></iframe><style>p{}</style>'
    '<p style="color:red">Chữ\x0b lạ</p>'
)


def test_hostile_html_is_cleaned_in_one_place():
    html = clean_html(HOSTILE + "<p>\x00</p>", base_url="https://tuphap.example.vn")
    for bad in ("<script", "alert", "onerror", "onclick", "javascript", "<iframe", "<style",
                "style=", "\x0b", "\x00"):  # fmt: skip
        assert bad not in html, bad
    assert '<a href="https://tuphap.example.vn/lien-he/">liên hệ</a>' in html
    assert '<a href="https://www.youtube.com/embed/abc">' in html  # the embed became a link
    assert "Xin chào" in html and "Chữ lạ" in html


def test_hostile_content_is_absent_from_the_payload_and_the_feeds(receiver, publish, client):
    publish(
        make_story,
        "Tiêu đề\x0b lạ",
        summary="Tóm tắt\x07 ngắn",
        body=[("paragraph", RichText(HOSTILE))],
    )
    payload = receiver.received[0]["payload"]
    validate_payload(payload)
    sent = json.dumps(payload, ensure_ascii=False)
    assert payload["title"] == "Tiêu đề lạ" and payload["summary"] == "Tóm tắt ngắn"
    for bad in ("<script", "onerror", "javascript:", "<iframe", "\\u000b", "\\u0007"):
        assert bad not in sent, bad
    feed = json.loads(client.get("/dien-hinh-tien-tien/feed/json/").content)
    atom = client.get("/dien-hinh-tien-tien/feed/atom/").content.decode()
    for text in (json.dumps(feed, ensure_ascii=False), atom):
        for bad in ("<script", "&lt;script", "onerror", "javascript:", "<iframe", "&lt;iframe"):
            assert bad not in text, bad
    assert "Xin chào" in feed["items"][0]["content_html"]


def test_the_body_stays_under_64_kb(receiver, publish):
    paragraph = "<p>" + "Gương sáng tiêu biểu. " * 400 + "</p>"
    publish(make_story, "Dài", body=[("paragraph", RichText(paragraph)) for _ in range(12)])
    payload = receiver.received[0]["payload"]
    assert len(payload["body_html"].encode()) <= 64 * 1024
    assert payload["url"] in payload["body_html"]  # the cut ends with a link to the whole story


def test_awards_are_in_the_payload(receiver, publish):
    story = make_story("Gương sáng", live=False)
    StoryAward.objects.create(
        page=story,
        award=AwardModel.objects.filter(is_high_award=True).first(),
        year=2024,
        decision_number="12/QĐ-UBND",
        issuer="UBND tỉnh",
    )
    publish(lambda: story.save_revision().publish(skip_permission_checks=True))
    awards = receiver.received[0]["payload"]["awards"]
    assert awards[0]["year"] == 2024 and awards[0]["decision_number"] == "12/QĐ-UBND"


# --- signatures and settings ---------------------------------------------------------------


def test_signatures_verify_with_the_reference_library():
    from standardwebhooks.webhooks import Webhook

    body = '{"tiêu đề":"Gương sáng"}'.encode()
    now = timezone.now().timestamp()
    headers = signing.webhook_headers(secret=SECRET, msg_id="msg_1", timestamp=now, body=body)
    assert Webhook(SECRET).verify(body, headers) == {"tiêu đề": "Gương sáng"}


@pytest.mark.parametrize(
    "url, debug, allow_loopback, ok",
    [
        ("https://tdkt.example.vn/hooks", False, False, True),
        ("http://tdkt.example.vn/hooks", False, False, False),
        ("http://127.0.0.1:9000/hooks", False, False, False),  # production: https only
        ("http://127.0.0.1:9000/hooks", False, True, True),  # test settings
        ("http://localhost:9000/hooks", True, False, True),  # DEBUG
        ("ftp://tdkt.example.vn/", False, True, False),
    ],
)
def test_the_system_check_requires_https(settings, url, debug, allow_loopback, ok):
    settings.DEBUG = debug
    settings.EXEMPLAR_STORIES = {
        "SYNDICATION_URL": url,
        "SYNDICATION_SECRET": SECRET,
        "SYNDICATION_ALLOW_HTTP_LOOPBACK": allow_loopback,
    }
    errors = [e for e in check_syndication_settings() if isinstance(e, Error)]
    assert (errors == []) is ok, errors


def test_an_address_longer_than_the_log_keeps_is_refused_by_the_check_and_at_send_time(
    receiver, publish, settings
):
    """The delivery log and the target's row keep 500 characters of the address: a longer one
    is refused as a misconfiguration, not taken on to fail every send on PostgreSQL."""
    long_url = f"{receiver.url}?k={'x' * 500}"
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SYNDICATION_URL": long_url}
    [error] = [e for e in check_syndication_settings() if isinstance(e, Error)]
    assert error.id == "exemplar_stories.E001" and "longer than 500 characters" in error.msg
    publish(make_story, "Gương sáng")
    assert receiver.received == []
    assert SyndicationDelivery.objects.get().status == DeliveryStatus.PENDING
    assert services.deliver_due() == []
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SYNDICATION_URL": long_url[:500]}
    assert check_syndication_settings() == []
    assert [d.status for d in services.deliver_due()] == [DeliveryStatus.DELIVERED]


def test_the_system_check_rejects_a_bad_secret(settings):
    settings.EXEMPLAR_STORIES = {
        "SYNDICATION_URL": "https://tdkt.example.vn/hooks",
        "SYNDICATION_SECRET": "not-a-whsec",
    }
    assert [e.id for e in check_syndication_settings()] == ["exemplar_stories.E002"]


def test_an_http_url_is_refused_at_send_time_too(receiver, publish, settings):
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_ALLOW_HTTP_LOOPBACK": False,
    }
    publish(make_story, "Gương sáng")
    assert receiver.received == []
    assert SyndicationDelivery.objects.get().status == DeliveryStatus.PENDING


def test_a_copied_story_gets_its_own_syndication_id():
    story = make_story("Gương sáng", unit=make_unit())
    copy = story.copy(update_attrs={"slug": "guong-sang-2", "title": "Bản sao"})
    assert copy.specific.syndication_uuid != story.syndication_uuid


def test_the_command_resends_a_story(receiver, publish):
    from django.core.management import call_command

    story = publish(make_story, "Gương sáng")
    publish(call_command, "deliver_syndication", story=story.pk, verbosity=0)
    assert receiver.events == ["story.published", "story.updated"]


def test_a_story_whose_image_file_is_lost_is_still_published_and_sent(receiver, publish):
    image = Image.objects.create(title="Ảnh", file=get_test_image_file())
    image.file.storage.delete(image.file.name)
    publish(make_story, "Gương sáng", hero_image=image, hero_image_alt="Ảnh mất")
    payload = receiver.received[0]["payload"]
    validate_payload(payload)
    assert payload["images"] == []


def test_receiver_down_for_a_day_then_back_delivers_three_stories_exactly_once(
    receiver, publish, admin_client
):
    """The issue's "done when": the Office publishes three stories while Sở Nội vụ is down."""
    receiver.script = [503, 503, 503, 502, 502, 502, 500, 500, 500]  # down for three rounds
    for title in ("Gương một", "Gương hai", "Gương ba"):
        publish(make_story, title)
    moment = timezone.now()
    for _ in range(30):  # a day of retries, driven by the clock
        pending = SyndicationDelivery.objects.exclude(status=DeliveryStatus.DELIVERED)
        if not pending.exists():
            break
        probe = SyndicationTarget.objects.get().open_until  # an open circuit: its probe
        moment = max(moment, probe or min(d.next_attempt_at for d in pending))
        services.deliver_due(now=moment)
    deliveries = SyndicationDelivery.objects.order_by("pk")
    assert [d.status for d in deliveries] == [DeliveryStatus.DELIVERED] * 3
    delivered_titles = [
        r["payload"]["title"]
        for r in receiver.received
        if r["headers"].get("Webhook-Id")
        and SyndicationDelivery.objects.get(webhook_id=r["headers"]["Webhook-Id"]).status
        == DeliveryStatus.DELIVERED
    ]
    assert sorted(set(delivered_titles)) == ["Gương ba", "Gương hai", "Gương một"]
    # Exactly once each: one webhook-id per story, every attempt of it carrying the same id.
    assert len({r["headers"]["Webhook-Id"] for r in receiver.received}) == 3
    assert all(r["verified"] is True for r in receiver.received)
    assert all(d.attempts >= 2 for d in deliveries)
    # The Office's log shows every story with its attempts.
    html = admin_client.get("/admin/exemplar_stories/syndicationdelivery/").content.decode()
    for title in ("Gương một", "Gương hai", "Gương ba"):
        assert title in html


# --- from an approval in the admin (support/admin_flow.py) ----------------------------------


def test_an_approval_through_the_admin_sends_exactly_one_signed_delivery(
    client, receiver, django_capture_on_commit_callbacks
):
    from ..support.admin_flow import approve, create_story_via_admin, submit_for_review
    from ..support.workflow_helpers import make_user

    unit = make_unit()
    editor = make_user("bientap.kesach", group="EDITOR_GROUP", unit=unit)
    office = make_user("vanphong", group="REVIEWER_GROUP")
    with django_capture_on_commit_callbacks(execute=True):
        _, story = create_story_via_admin(client, editor, "exemplar", title="Gương sáng Kế Sách")
        submit_for_review(client, editor, story)
    assert receiver.received == [] and not SyndicationDelivery.objects.exists()  # not yet live
    with django_capture_on_commit_callbacks(execute=True):
        approve(client, office, story)
    assert story.live
    delivery = SyndicationDelivery.objects.get()
    assert delivery.event == "story.published" and delivery.status == DeliveryStatus.DELIVERED
    assert len(receiver.received) == 1
    request = receiver.received[0]
    assert request["verified"] is True
    assert request["payload"]["id"] == f"urn:uuid:{story.syndication_uuid}"
    assert request["payload"]["title"] == "Gương sáng Kế Sách"


# --- what each attempt records --------------------------------------------------------------


class ReturnsNothing:
    """A third-party backend that breaks the contract and returns no result."""

    transport = "webhook"

    def send(self, *, url, headers, body):
        return None


def test_a_delivered_row_records_when_it_was_delivered(receiver, publish):
    receiver.script = [500, 200]
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    assert delivery.delivered_at is None
    moment = due_now(delivery)
    services.deliver_due(now=moment)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.delivered_at == moment


def test_a_backend_that_returns_nothing_counts_as_a_failed_attempt(receiver, publish, settings):
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_BACKEND": f"{__name__}.ReturnsNothing",
    }
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert (
        delivery.last_error == "Bộ gửi tin bài không trả về kết quả nào."
        and delivery.last_status_code is None
    )


def test_a_410_keeps_the_first_400_characters_of_its_answer_as_the_reason(receiver):
    make_story("Gương sáng")  # written, not sent (no commit)
    services.current_target()  # the address's row, as a worker's run starts with
    delivery = services._claim(now=timezone.now())
    answer = "Địa chỉ đã ngừng. " + "x" * 600
    services._record(
        delivery, services.SendResult(status_code=410, body=answer), now=timezone.now()
    )
    target = SyndicationTarget.objects.get()
    assert target.disabled_reason == f"410 Gone ({delivery.webhook_id}): {answer[:400]}"


def test_retry_delays_without_jitter_double_from_a_minute():
    delays = [services.retry_delay(n, rng=NoJitter()).total_seconds() for n in range(1, 6)]
    assert delays == [60, 120, 240, 480, 960]


def test_the_task_retries_with_the_backoff_it_is_given(receiver, publish):
    receiver.script = [500, 500]
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    moment = due_now(delivery)
    services.deliver_one(delivery_id=delivery.pk, now=moment, rng=NoJitter())
    assert (due_now(delivery) - moment).total_seconds() == 120  # the second failure


def test_the_cron_sends_no_more_than_its_limit(receiver):
    for n in range(4):
        make_story(f"Gương {n}")  # written, not sent (no commit)
    assert len(services.deliver_due(limit=3)) == 3
    assert len(receiver.received) == 3


def test_a_backlog_goes_out_a_hundred_a_cron_run_and_the_next_run_sends_the_rest(receiver):
    """The receiver back after a long outage: each cron run (`deliver_syndication`, every few
    minutes) sends at most a hundred, so a run ends in bounded time; the next takes the rest."""
    make_story("Gương sáng")  # written, not sent (no commit)
    row = SyndicationDelivery.objects.get()
    SyndicationDelivery.objects.bulk_create(
        SyndicationDelivery(
            event=row.event, story_uuid=uuid.uuid4(), story_title=f"Gương {n}", body=row.body
        )
        for n in range(100)
    )
    assert len(services.deliver_due()) == 100
    assert SyndicationDelivery.objects.filter(status=DeliveryStatus.PENDING).count() == 1
    assert len(services.deliver_due()) == 1 and len(receiver.received) == 101


def test_of_two_due_deliveries_the_one_due_first_goes_first(receiver):
    older, newer = make_story("Gương cũ"), make_story("Gương mới")
    now = timezone.now()
    SyndicationDelivery.objects.filter(page_id=older.pk).update(next_attempt_at=now)
    SyndicationDelivery.objects.filter(page_id=newer.pk).update(
        next_attempt_at=now - timedelta(minutes=5)
    )
    services.deliver_due(now=now)
    assert [r["payload"]["title"] for r in receiver.received] == ["Gương mới", "Gương cũ"]


def test_a_retry_is_queued_for_its_time_when_the_queue_can_wait(receiver, publish, settings):
    """With the production queue (the database), a failed attempt queues the next one at its
    retry time; the cron is only the safety net."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    receiver.script = [500]
    make_story("Gương sáng")  # written, its task queued; no worker has run it yet
    delivery = SyndicationDelivery.objects.get()
    publish(services.deliver_one, delivery_id=delivery.pk)
    tasks = DBTaskResult.objects.filter(task_path__endswith=".deliver_syndication")
    retry = tasks.exclude(run_after=None).get()
    assert retry.run_after == due_now(delivery)
    assert retry.args_kwargs["kwargs"] == {"delivery_id": delivery.pk}


@pytest.mark.parametrize("answer", [200, 400])
def test_with_the_production_queue_an_attempt_that_ends_the_delivery_queues_nothing_more(
    receiver, publish, settings, caplog, answer
):
    """Delivered, or refused for good: no retry is queued for it, and nothing fails unseen after
    the commit (a follow-up the queue rejects is only an ERROR line in the worker's log)."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    receiver.script = [answer]
    make_story("Gương sáng")  # written, its task queued; no worker has run it yet
    delivery = SyndicationDelivery.objects.get()
    caplog.set_level("ERROR")
    publish(services.deliver_one, delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.is_final and delivery.attempts == 1
    tasks = DBTaskResult.objects.filter(task_path__endswith=".deliver_syndication")
    assert not tasks.exclude(run_after=None).exists()
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == []


def test_a_refusal_is_an_answer_so_the_failures_before_it_no_longer_count(receiver):
    """Four 503s, then a 400 for the fifth story: the receiver is alive (it refused that one
    story), so the circuit does not open and the count starts again."""
    receiver.script = [503] * 4 + [400]
    receiver.default = 200
    for n in range(5):
        make_story(f"Gương {n}")  # written, not sent (no commit)
    services.deliver_due(limit=5)
    target = SyndicationTarget.objects.get(url=receiver.url)
    assert target.failures == 0 and target.open_until is None


def test_without_the_circuit_a_retry_past_the_window_gives_up_at_once(receiver, settings):
    """The circuit kept closed (a threshold never reached): the attempt whose next retry
    would fall after the window gives up then; one that would fall exactly at its end is
    still retried (60 s, then 120 s, then 240 s: the window is 180 s)."""
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_CIRCUIT_THRESHOLD": 1000,
        "SYNDICATION_RETRY_FOR": 180,
    }
    receiver.default = 500
    make_story("Gương sáng")  # written, not sent (no commit)
    delivery = SyndicationDelivery.objects.get()
    start = delivery.next_attempt_at
    SyndicationDelivery.objects.update(created_at=start)  # the window starts at the first try
    for offset in (0, 60, 180):
        services.deliver_due(now=start + timedelta(seconds=offset), rng=NoJitter())
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 3
    assert delivery.last_error == "Đã ngừng gửi sau 3 lần thử. "
    assert len(receiver.received) == 3


def test_retry_after_is_read_only_on_429_and_503(receiver, publish):
    """A 500 that sends Retry-After still gets the backoff (a minute), not the hour it asks."""
    receiver.script = [(500, {"Retry-After": "3600"})]
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    wait = (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds()
    assert delivery.status == DeliveryStatus.PENDING and 48 <= wait <= 72


def test_a_retry_after_of_zero_waits_one_second(receiver, publish):
    receiver.script = [(503, {"Retry-After": "0"})]
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    assert delivery.next_attempt_at - delivery.last_attempt_at == timedelta(seconds=1)


class FailsAtLength:
    """A backend whose every failure carries an error as long as the log keeps (500)."""

    transport = "webhook"

    def send(self, *, url, headers, body):
        return services.SendResult(error="Lỗi kết nối. " + "x" * 600)


def test_a_long_error_is_cut_to_the_logs_500_characters_when_it_gives_up(receiver, settings):
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_BACKEND": f"{__name__}.FailsAtLength",
        "SYNDICATION_CIRCUIT_THRESHOLD": 1000,
        "SYNDICATION_RETRY_FOR": 30,
    }
    make_story("Gương sáng")  # written, not sent (no commit)
    [delivery] = services.deliver_due()
    assert delivery.status == DeliveryStatus.FAILED
    stored = SyndicationDelivery.objects.get().last_error
    assert stored.startswith("Đã ngừng gửi sau 1 lần thử. Lỗi kết nối. ") and len(stored) == 500


def test_on_a_site_in_english_a_give_up_after_two_attempts_has_its_plural(receiver, settings):
    settings.LANGUAGE_CODE = "en"
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_CIRCUIT_THRESHOLD": 1000,
        "SYNDICATION_RETRY_FOR": 100,  # the first retry (a minute) fits; the second does not
    }
    receiver.default = 503
    make_story("Gương sáng")  # written, not sent (no commit)
    [delivery] = services.deliver_due(rng=NoJitter())
    assert delivery.status == DeliveryStatus.PENDING
    [delivery] = services.deliver_due(now=due_now(delivery), rng=NoJitter())
    assert delivery.status == DeliveryStatus.FAILED
    assert SyndicationDelivery.objects.get().last_error.startswith("Gave up after 2 attempts. ")


def test_a_long_error_is_cut_to_the_logs_500_characters_when_it_is_retried(receiver, settings):
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_BACKEND": f"{__name__}.FailsAtLength",
    }
    make_story("Gương sáng")  # written, not sent (no commit)
    [delivery] = services.deliver_due()
    assert delivery.status == DeliveryStatus.PENDING
    stored = SyndicationDelivery.objects.get().last_error
    assert stored == ("Lỗi kết nối. " + "x" * 600)[:500]
