"""Syndication under faults, against a real receiver on 127.0.0.1 (gone, down for a day,
dripping its answer, recovering). Time is moved forward the way a replay does it: every
timestamp of the outbox is moved back, so the project's own backoff decides what is due."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.models import Site

from exemplar_stories.core.conf import get_setting
from exemplar_stories.models import DeliveryStatus, SyndicationDelivery, SyndicationTarget
from exemplar_stories.syndication import outbox, services
from exemplar_stories.syndication.backends import HTTPBackend

from ..support.clock import Clock, NoJitter, due_now, waiting
from ..support.factories import make_story
from ..support.receiver import validate_payload

pytestmark = pytest.mark.django_db

LOG = "exemplar_stories_syndicationdelivery_modeladmin_index"
RESEND = "exemplar_stories_syndicationdelivery_modeladmin_resend"


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


# --- 1. no flood on 410; a circuit; a fast drain after an outage ---------------------------


def test_a_410_receives_exactly_one_request_in_a_cron_run(receiver, publish):
    receiver.default = 410
    for n in range(3):
        make_story(f"Gương {n}")  # rows written, nothing sent yet (no commit captured)
    call_command("deliver_syndication", verbosity=0)
    assert len(receiver.received) == 1
    assert SyndicationTarget.objects.get(url=receiver.url).is_disabled
    publish(make_story, "Gương sau")  # a new story's task sends nothing either
    call_command("deliver_syndication", verbosity=0)
    assert len(receiver.received) == 1
    print(f"\n410 target: {len(receiver.received)} request(s) for 4 waiting deliveries")
    # Re-enabled while still gone: one more request, not a flood.
    publish(services.reenable_target)
    assert len(receiver.received) == 2
    # Gone for good after all: the Office re-enables once it works, everything goes out.
    receiver.default = 200
    publish(services.reenable_target)
    assert len(receiver.accepted()) == 4
    assert set(SyndicationDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_re_enabling_after_a_410_starts_the_address_afresh(receiver, publish):
    """A receiver that failed often enough to open the circuit, then answered its probe with
    410: re-enabling clears the reason, the open circuit and the failures counted before, so
    the waiting deliveries are tried at once and five new failures (not one) open it again."""
    receiver.default = 503
    for n in range(8):
        make_story(f"Gương {n}")
    call_command("deliver_syndication", verbosity=0)
    assert len(receiver.received) == 5  # the circuit is open
    target = SyndicationTarget.objects.get(url=receiver.url)
    SyndicationTarget.objects.filter(pk=target.pk).update(
        open_until=target.open_until - timedelta(hours=1)  # the probe is due
    )
    receiver.default = 410
    call_command("deliver_syndication", verbosity=0)
    target = SyndicationTarget.objects.get(pk=target.pk)
    assert len(receiver.received) == 6 and target.is_disabled
    assert target.failures == 5 and target.open_until is not None

    receiver.default = 503
    publish(services.reenable_target)
    target = SyndicationTarget.objects.get(pk=target.pk)
    assert not target.is_disabled and target.disabled_reason == ""
    assert len(receiver.received) == 6 + 5
    assert target.failures == 5 and target.open_until is not None  # open again, afresh


def test_an_open_circuit_queues_its_probe_for_the_time_it_opens_to(receiver, publish, settings):
    """With the production task queue (the database), opening the circuit queues one run of
    the cron's delivery, deferred to the probe time: a worker sends the probe then, without
    waiting for the cron."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    receiver.default = 503
    for n in range(6):
        make_story(f"Gương {n}")
    publish(call_command, "deliver_syndication", verbosity=0)
    target = SyndicationTarget.objects.get(url=receiver.url)
    assert len(receiver.received) == 5 and target.open_until is not None
    probes = DBTaskResult.objects.filter(task_path__endswith=".deliver_due_syndication")
    assert [probe.run_after for probe in probes] == [target.open_until]


def test_an_open_circuit_waits_a_minute_then_two_then_three_between_its_probes(receiver):
    """The fifth failure opens the circuit for a minute; each failed probe keeps it open
    longer (two minutes, then three at most), counted from the probe's own time."""
    receiver.default = 503
    for n in range(6):
        make_story(f"Gương {n}")
    moment = timezone.now()
    services.deliver_due(now=moment, rng=NoJitter())
    waits = []
    for _ in range(4):
        probe_at = SyndicationTarget.objects.get(url=receiver.url).open_until
        waits.append((probe_at - moment).total_seconds())
        moment = probe_at
        services.deliver_due(now=moment, rng=NoJitter())
    assert len(receiver.received) == 5 + 4  # one request per probe
    assert waits == [60, 120, 180, 180]


def test_one_answer_after_a_failure_clears_the_count_and_resends_the_failed_story(receiver):
    """The first story's send fails, the second's is answered: the address is well again, so
    its failure no longer counts towards opening the circuit and the first story is sent
    again in the same run instead of waiting for its retry."""
    receiver.script = [503]
    first, second = make_story("Gương một"), make_story("Gương hai")
    call_command("deliver_syndication", verbosity=0)
    sent = [record["payload"]["id"] for record in receiver.received]
    assert sent == [f"urn:uuid:{story.syndication_uuid}" for story in (first, second, first)]
    assert SyndicationTarget.objects.get(url=receiver.url).failures == 0
    assert set(SyndicationDelivery.objects.values_list("status", flat=True)) == {"delivered"}


@pytest.mark.parametrize("worker", ["died", "still_sending"])
def test_the_probe_of_an_open_circuit_takes_over_only_a_delivery_whose_worker_died(
    receiver, worker
):
    """The circuit is open and the only delivery still to go is claimed by another worker.
    When the probe is due, the probe sends it if that worker died mid-send (its lease ran
    out), and leaves it alone while the worker is still sending (no second copy)."""
    receiver.default = 503
    for n in range(5):
        make_story(f"Gương {n}")
    call_command("deliver_syndication", verbosity=0)
    target = SyndicationTarget.objects.get(url=receiver.url)
    assert target.open_until is not None
    orphan, *others = SyndicationDelivery.objects.order_by("pk")
    SyndicationDelivery.objects.filter(pk__in=[o.pk for o in others]).update(
        status=DeliveryStatus.FAILED
    )
    now = timezone.now()
    lease = timedelta(minutes=-1 if worker == "died" else 1)
    SyndicationDelivery.objects.filter(pk=orphan.pk).update(
        status=DeliveryStatus.SENDING, claimed_until=now + lease
    )
    SyndicationTarget.objects.filter(pk=target.pk).update(open_until=now - timedelta(minutes=1))
    receiver.default = 200
    call_command("deliver_syndication", verbosity=0)
    status = SyndicationDelivery.objects.get(pk=orphan.pk).status
    if worker == "died":
        assert status == DeliveryStatus.DELIVERED and len(receiver.accepted()) == 1
    else:
        assert status == DeliveryStatus.SENDING and receiver.accepted() == []


def test_repeated_failures_open_the_circuit_instead_of_hammering_each_row(receiver, publish):
    receiver.default = 503
    for n in range(20):
        make_story(f"Gương {n}")
    call_command("deliver_syndication", verbosity=0)
    # Five consecutive failures open the circuit: the other 15 rows are not tried.
    assert len(receiver.received) == 5
    clock = Clock(publish)
    clock.run_for(3600)
    # For the next hour a single probe at a time, at most every few minutes.
    assert len(receiver.received) <= 5 + 3600 // 60


def test_after_a_day_long_outage_the_queue_drains_within_minutes_in_order(receiver, publish):
    day_long_outage(receiver, Clock(publish), publish)


@pytest.mark.django_db(transaction=True)
def test_after_a_day_long_outage_two_workers_drain_within_minutes_on_postgresql(
    require_postgres, migrated_state, threaded_receiver, publish
):
    # Each step of the clock, two workers (threads with their own connections: on
    # PostgreSQL they claim with SKIP LOCKED) run the cron's delivery at the same moment.
    day_long_outage(threaded_receiver, Clock(publish, workers=2), publish)


def day_long_outage(receiver, clock, publish):
    """30 publications, 10 updates and 5 withdrawals during a 24-hour outage; then the
    receiver is back: every event arrives exactly once, in per-story order, within 5 min."""
    receiver.default = 503
    stories = []
    events = (
        [("publish", n) for n in range(30)]
        + [("update", n) for n in range(10)]
        + [("withdraw", n) for n in range(20, 25)]
    )
    gap = 24 * 3600 / len(events)
    for action, n in events:
        if action == "publish":
            stories.append(publish(make_story, f"Gương sáng {n}"))
        elif action == "update":
            stories[n].title = f"Gương sáng {n} (cập nhật)"
            publish(
                lambda page=stories[n]: page.save_revision().publish(skip_permission_checks=True)
            )
        else:
            publish(stories[n].unpublish)
        clock.run_for(gap)
    assert SyndicationDelivery.objects.count() == 45
    during = len(receiver.received)
    assert receiver.accepted() == []
    receiver.default = 200
    back_at = clock.elapsed
    clock.run_for(24 * 3600, until=lambda: not waiting())
    drain = clock.elapsed - back_at
    print(
        f"\nafter a 24-hour outage ({clock.workers} worker(s), {connection.vendor}): "
        f"{during} requests during it, drained in {drain:.0f} s"
    )
    assert not waiting()
    assert drain <= 300
    deliveries = list(SyndicationDelivery.objects.order_by("pk"))
    assert {d.status for d in deliveries} == {DeliveryStatus.DELIVERED}
    accepted = receiver.accepted()
    # Exactly once: each delivery accepted once, under its own webhook-id.
    assert sorted(msg for _, _, msg in accepted) == sorted(d.webhook_id for d in deliveries)
    # In per-story order: what each story's events were, in the order they were written.
    for story in stories:
        story_id = f"urn:uuid:{story.syndication_uuid}"
        sent = [event for sid, event, _ in accepted if sid == story_id]
        written = [d.event for d in deliveries if d.story_uuid == story.syndication_uuid]
        assert sent == written
    state = receiver.state()
    assert sum(1 for event in state.values() if event == "story.withdrawn") == 5
    assert len(state) == 30


# --- 2. a real deadline per request; no duplicate after a lease lapse ----------------------


def test_a_dripping_answer_is_cut_at_the_deadline(threaded_receiver):
    threaded_receiver.script = [("drip", 10)]
    backend = HTTPBackend(connect_timeout=0.5, timeout=2)
    started = time.monotonic()
    result = backend.send(url=threaded_receiver.url, headers={}, body=b"{}")
    took = time.monotonic() - started
    # The deadline is the behaviour: 2 s, against an answer that drips for 10 (room for a
    # busy machine, none for a deadline that restarts with each byte).
    assert took < 6, took
    assert result.status_code is None and "Hết thời gian chờ" in result.error


@pytest.mark.django_db(transaction=True)
def test_no_duplicate_when_a_slow_answer_outlives_the_lease(
    migrated_state, threaded_receiver, settings
):
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SYNDICATION_LEASE": 3}
    threaded_receiver.script = [("drip", 8)]
    errors = []

    def first_worker():
        # The editor publishes; after the commit the task sends it, and the answer drips.
        try:
            make_story("Gương sáng")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    worker = threading.Thread(target=first_worker)
    worker.start()
    time.sleep(3.5)  # the first worker's lease has run out: the cron comes by
    services.deliver_due()
    worker.join()
    assert errors == []
    delivery = SyndicationDelivery.objects.get()
    assert threaded_receiver.ids == [delivery.webhook_id]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and "Hết thời gian chờ" in delivery.last_error


def test_a_worker_whose_lease_lapsed_cannot_overwrite_a_newer_attempt(receiver, publish):
    receiver.script = [500]
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    stale = services._claim(now=delivery.next_attempt_at)
    fresh = services._claim(now=stale.claimed_until + timedelta(seconds=1))
    services._record(fresh, services._send(fresh), now=fresh.last_attempt_at)
    services._record(stale, services.SendResult(status_code=500), now=fresh.last_attempt_at)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3


def test_the_system_check_wants_the_deadline_shorter_than_the_lease(settings):
    from exemplar_stories.syndication.checks import check_syndication_settings

    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_URL": "https://tdkt.example.vn/hooks",
        "SYNDICATION_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "SYNDICATION_TIMEOUT": 120,
        "SYNDICATION_LEASE": 120,
    }
    assert "exemplar_stories.E004" in [e.id for e in check_syndication_settings()]


# --- 3. Resend acts on the story's current state -------------------------------------------


def _retry_for_an_hour(settings):
    """The retry window shortened from three days (its own test is in test_services.py): the
    outage runs to the end of the window in a few hundred steps of the clock, not thousands."""
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SYNDICATION_RETRY_FOR": 3600}


@pytest.mark.parametrize("click_order", ["newest_first", "oldest_first"])
def test_resend_never_brings_a_deleted_story_back(
    receiver, publish, admin_client, settings, click_order
):
    _retry_for_an_hour(settings)
    receiver.default = 503
    clock = Clock(publish)
    story = publish(make_story, "Gương sáng")
    publish(story.delete)
    clock.run_for(2 * 3600, until=lambda: not waiting())
    failed = admin_client.get(reverse(LOG), {"status": "failed"}).context["view"].queryset
    rows = list(failed)  # the log's order: newest first
    assert [d.event for d in rows] == ["story.withdrawn", "story.published"]
    if click_order == "oldest_first":
        rows.reverse()
    receiver.default = 200
    for row in rows:
        assert admin_client.post(reverse(RESEND, args=[row.pk])).status_code == 302
        publish(lambda: None)
    clock.run_for(3600, until=lambda: not waiting())
    assert receiver.state() == {f"urn:uuid:{story.syndication_uuid}": "story.withdrawn"}
    assert "story.published" not in [event for _, event, _ in receiver.accepted()]
    # The log names what went out again: the story's withdrawal, under its title.
    newest = SyndicationDelivery.objects.latest("pk")
    assert (newest.event, newest.story_title, newest.status) == (
        "story.withdrawn",
        "Gương sáng",
        DeliveryStatus.DELIVERED,
    )


def test_resend_of_an_old_publication_of_an_unpublished_story_withdraws_it(
    receiver, publish, admin_client
):
    receiver.default = 400
    story = publish(make_story, "Gương sáng")
    publish(story.unpublish)
    receiver.default = 200
    old = SyndicationDelivery.objects.get(event="story.published")
    with_commit = admin_client.post(reverse(RESEND, args=[old.pk]))
    assert with_commit.status_code == 302
    publish(lambda: None)
    call_command("deliver_syndication", verbosity=0)
    assert receiver.state() == {f"urn:uuid:{story.syndication_uuid}": "story.withdrawn"}


# --- 4. the alert counts stories whose latest delivery failed; giving up is mailed ---------


def test_the_alert_clears_once_every_story_is_delivered_again(
    receiver, publish, admin_client, django_capture_on_commit_callbacks
):
    receiver.default = 400
    for n in range(5):
        publish(make_story, f"Gương {n}")
    home = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "5 tin bài" in home
    receiver.default = 200
    for row in SyndicationDelivery.objects.filter(status=DeliveryStatus.FAILED):
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(reverse(RESEND, args=[row.pk]))
    home = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "tin bài" not in home or "thất bại" not in home
    assert "status=failed" not in home
    log = admin_client.get(reverse(LOG)).content.decode()
    assert log.count("Thất bại (đã gửi lại thành công)") >= 5
    assert SyndicationDelivery.objects.filter(status=DeliveryStatus.FAILED).count() == 0


def test_giving_up_emails_the_office_once(receiver, publish, django_user_model, settings):
    from django.contrib.auth.models import Group

    _retry_for_an_hour(settings)
    office = django_user_model.objects.create_user("vp", "vanphong@example.vn", "pw")
    office.groups.add(Group.objects.get_or_create(name="Văn phòng Sở")[0])
    receiver.default = 503
    clock = Clock(publish)
    publish(make_story, "Gương sáng")
    clock.run_for(2 * 3600, until=lambda: not waiting())
    assert SyndicationDelivery.objects.get().status == DeliveryStatus.FAILED
    clock.run_for(3600)
    mentioning = [m for m in mail.outbox if "Gương sáng" in m.body]
    assert len(mentioning) == 1
    assert mentioning[0].to == ["vanphong@example.vn"]


# --- 5. a stable id ------------------------------------------------------------------------


def test_the_story_id_does_not_change_with_the_host(receiver, publish):
    story = publish(make_story, "Gương sáng")
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "tuphap.soctrang.gov.vn", 443
    site.save()
    story.refresh_from_db()
    publish(lambda: story.save_revision().publish(skip_permission_checks=True))
    first, second = (r["payload"] for r in receiver.received)
    validate_payload(first)
    validate_payload(second)
    assert first["id"] == second["id"] == f"urn:uuid:{story.syndication_uuid}"
    assert first["url"].startswith("http://localhost/")
    assert second["url"].startswith("https://tuphap.soctrang.gov.vn/")
    assert first["schema_version"] == "2"


# --- 6. one slow receiver's answer does not stall the other stories (lanes) ----------------


def _queued_without_sending(settings):
    """Deliveries are written and their tasks queued, but no worker has run yet."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.mark.parametrize("worker", ["task_per_delivery", "cron"])
@pytest.mark.django_db(transaction=True)
def test_one_slow_story_does_not_hold_the_other_stories(
    migrated_state, threaded_receiver, settings, worker
):
    _queued_without_sending(settings)
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_TIMEOUT": 10,
        "SYNDICATION_LEASE": 30,
    }
    slow = make_story("Gương chậm")
    others = [make_story(f"Gương {n}") for n in range(3)]
    slow.title = "Gương chậm (cập nhật)"
    slow.save_revision().publish(skip_permission_checks=True)
    rows = list(SyndicationDelivery.objects.order_by("pk"))
    assert [r.story_uuid for r in rows] == [slow.syndication_uuid] + [
        o.syndication_uuid for o in others
    ] + [slow.syndication_uuid]
    threaded_receiver.script = [("sleep", 6)]  # the slow story's receiver takes 6 s to answer
    started = time.monotonic()
    if worker == "cron":
        services.deliver_due()
    else:  # one db_worker runs the queued tasks one after another
        for row in rows:
            services.deliver_syndication.call(delivery_id=row.pk)
    arrived = {}
    for record in threaded_receiver.received:
        arrived.setdefault(record["payload"]["id"], []).append(record["at"] - started)
    slow_id = f"urn:uuid:{slow.syndication_uuid}"
    # The other stories arrived within a couple of seconds, not after the slow answer.
    for other in others:
        [at] = arrived[f"urn:uuid:{other.syndication_uuid}"]
        assert at < 3, arrived
    # Per-story order holds: the slow story's update only after its publication was answered.
    first, second = arrived[slow_id]
    assert first < 1 and second >= 6, arrived
    assert set(SyndicationDelivery.objects.values_list("status", flat=True)) == {"delivered"}
    print(f"\nslow story: others arrived at {sorted(a for k, v in arrived.items() for a in v)}")


@pytest.mark.parametrize("lanes, other_waits", [(1, True), (2, False)])
@pytest.mark.django_db(transaction=True)
def test_the_concurrency_setting_is_how_many_sends_are_in_flight(
    migrated_state, threaded_receiver, settings, lanes, other_waits
):
    """SYNDICATION_CONCURRENCY 1 sends one at a time: the other story waits for the slow
    answer; from 2 it goes out on a second lane meanwhile."""
    _queued_without_sending(settings)
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_CONCURRENCY": lanes,
        "SYNDICATION_TIMEOUT": 10,
        "SYNDICATION_LEASE": 30,
    }
    make_story("Gương chậm")
    other = make_story("Gương khác")
    threaded_receiver.script = [("sleep", 3)]  # the first story's answer takes 3 s
    started = time.monotonic()
    services.deliver_due()
    [at] = [
        r["at"] - started
        for r in threaded_receiver.received
        if r["payload"]["id"] == f"urn:uuid:{other.syndication_uuid}"
    ]
    assert (at >= 3) is other_waits, at
    assert set(SyndicationDelivery.objects.values_list("status", flat=True)) == {"delivered"}


@pytest.mark.django_db(transaction=True)
def test_with_lanes_a_410_still_receives_exactly_one_request(
    migrated_state, threaded_receiver, settings
):
    _queued_without_sending(settings)
    for n in range(5):
        make_story(f"Gương {n}")
    threaded_receiver.default = 410
    services.deliver_due()
    assert len(threaded_receiver.received) == 1
    assert SyndicationTarget.objects.get(url=threaded_receiver.url).is_disabled


@pytest.mark.django_db(transaction=True)
def test_with_lanes_a_run_reports_what_it_sent_and_when_each_is_tried_again(
    migrated_state, threaded_receiver, settings
):
    """The cron's run in lanes returns the deliveries it sent (the command reports them); a
    failed one is due again after the run's own backoff (its jitter source, here none); and a
    task for a delivery that is not due takes nothing and says so."""
    _queued_without_sending(settings)
    for n in range(2):
        make_story(f"Gương {n}")
    threaded_receiver.default = 500
    now = timezone.now()
    done = services.deliver_due(now=now, rng=NoJitter())
    rows = list(SyndicationDelivery.objects.order_by("pk"))
    assert sorted(d.pk for d in done) == [r.pk for r in rows]
    first_retry = timedelta(seconds=get_setting("SYNDICATION_RETRY_MIN_DELAY"))
    for row in rows:
        assert row.status == DeliveryStatus.PENDING and row.attempts == 1
        assert row.next_attempt_at == now + first_retry
    assert services.deliver_one(delivery_id=rows[0].pk) is None
    assert len(threaded_receiver.received) == 2


@pytest.mark.django_db(transaction=True)
def test_with_lanes_a_task_sends_at_its_own_moment_and_backs_off_from_it(
    migrated_state, threaded_receiver, settings
):
    """A task run for a given moment (a retry fallen due) takes its delivery then, not by the
    wall clock, and schedules the next try from that moment with the run's jitter source."""
    _queued_without_sending(settings)
    make_story("Gương sáng")
    row = SyndicationDelivery.objects.get()
    later = timezone.now() + timedelta(hours=1)
    SyndicationDelivery.objects.filter(pk=row.pk).update(next_attempt_at=later)
    threaded_receiver.default = 500
    assert services.deliver_one(delivery_id=row.pk) is None  # not due yet by the wall clock
    answered = services.deliver_one(delivery_id=row.pk, now=later, rng=NoJitter())
    first_retry = timedelta(seconds=get_setting("SYNDICATION_RETRY_MIN_DELAY"))
    assert answered.pk == row.pk and answered.status == DeliveryStatus.PENDING
    assert answered.attempts == 1 and answered.last_attempt_at == later
    assert SyndicationDelivery.objects.get(pk=row.pk).next_attempt_at == later + first_retry
    assert len(threaded_receiver.received) == 1


@pytest.mark.django_db(transaction=True)
def test_with_lanes_answers_that_come_as_the_next_is_taken_are_all_recorded(
    migrated_state, threaded_receiver, settings
):
    """Each answer comes after exactly SPILL_AFTER, the moment the run takes the next delivery:
    a lane records its answer while the run claims the next row. On SQLite (one writer) the
    lanes wait for each other at the database; before, one of them often failed with
    "database table is locked" and its delivery stayed "sending"."""
    _queued_without_sending(settings)
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SYNDICATION_TIMEOUT": 10}
    for run in range(3):  # the race is one of timing: three runs make it all but certain
        stories = [make_story(f"Gương {run}.{n}") for n in range(6)]
        threaded_receiver.script = [("sleep", services.SPILL_AFTER)] * len(stories)
        done = services.deliver_due()
        assert len(done) == len(stories) and len(threaded_receiver.received) == 6 * (run + 1)
        assert set(SyndicationDelivery.objects.values_list("status", flat=True)) == {"delivered"}


@pytest.mark.django_db(transaction=True)
def test_with_lanes_busy_the_next_delivery_waits_unclaimed_and_the_run_sleeps_till_then(
    migrated_state, threaded_receiver, settings, monkeypatch
):
    """Two lanes, both held by a slow receiver: the third story's delivery is taken (claimed,
    its attempt timed) only once a lane is free to send it, not left claimed in a queue
    while its lease runs; and the run meanwhile sleeps until something can change (an answer,
    a send lasting SPILL_AFTER, or the next look) instead of polling."""
    _queued_without_sending(settings)
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_CONCURRENCY": 2,
        "SYNDICATION_TIMEOUT": 10,
    }
    for n in range(3):
        make_story(f"Gương {n}")
    threaded_receiver.script = [("sleep", 3), ("sleep", 3)]
    taken, wakes = [], []
    take, wait = services._take, services.wait

    def timed_take(**kwargs):
        delivery = take(**kwargs)
        if delivery is not None:
            taken.append(time.monotonic())
        return delivery

    def counted_wait(*args, **kwargs):
        wakes.append(time.monotonic())
        return wait(*args, **kwargs)

    monkeypatch.setattr(services, "_take", timed_take)
    monkeypatch.setattr(services, "wait", counted_wait)
    started = time.monotonic()
    assert len(services.deliver_due()) == 3
    slow = threaded_receiver.received[:2]
    first_answer = min(r["answered_at"] for r in slow)
    assert taken[2] >= first_answer, (taken, first_answer)  # taken when a lane came free
    # 3 s of waiting, looked at every POLL_EVERY at the most: a dozen wakes, not hundreds.
    elapsed = time.monotonic() - started
    assert len(wakes) <= elapsed / services.POLL_EVERY + 8, (len(wakes), elapsed)


@pytest.mark.django_db(transaction=True)
def test_with_lanes_a_task_returns_its_own_delivery_whatever_else_it_sent(
    migrated_state, threaded_receiver, settings
):
    """A task for one delivery whose send is slow lets another story's due delivery out on
    another lane meanwhile; the task still answers with its own delivery, not the other."""
    _queued_without_sending(settings)
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SYNDICATION_TIMEOUT": 10}
    mine, other = make_story("Gương của tác vụ"), make_story("Gương khác")
    rows = list(SyndicationDelivery.objects.order_by("pk"))
    assert [r.story_uuid for r in rows] == [mine.syndication_uuid, other.syndication_uuid]
    threaded_receiver.script = [("sleep", 2), ("sleep", 3)]  # the other answers last
    answered = services.deliver_one(delivery_id=rows[0].pk)
    assert answered.pk == rows[0].pk and answered.status == DeliveryStatus.DELIVERED
    assert len(threaded_receiver.received) == 2


@pytest.mark.django_db(transaction=True)
def test_with_lanes_a_task_sends_its_own_delivery_not_the_first_due(
    migrated_state, threaded_receiver, settings
):
    """Two stories due; the task queued for the second one sends that one (the first waits
    for its own task or the cron)."""
    _queued_without_sending(settings)
    make_story("Gương thứ nhất")
    second = make_story("Gương thứ hai")
    rows = list(SyndicationDelivery.objects.order_by("pk"))
    answered = services.deliver_one(delivery_id=rows[1].pk)
    assert answered.pk == rows[1].pk and answered.status == DeliveryStatus.DELIVERED
    assert [r["payload"]["id"] for r in threaded_receiver.received] == [
        f"urn:uuid:{second.syndication_uuid}"
    ]
    assert SyndicationDelivery.objects.get(pk=rows[0].pk).status == DeliveryStatus.PENDING


@pytest.mark.parametrize("answer", ["at_once", "slowly"])
@pytest.mark.django_db(transaction=True)
def test_with_lanes_the_cron_sends_no_more_than_its_limit(
    migrated_state, threaded_receiver, settings, answer
):
    """`deliver_due(limit=2)` with four stories due sends two, whether the receiver answers
    at once (one lane) or slowly (a second lane opens while the first waits)."""
    _queued_without_sending(settings)
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SYNDICATION_TIMEOUT": 10}
    for n in range(4):
        make_story(f"Gương {n}")
    if answer == "slowly":
        threaded_receiver.script = [("sleep", 2)] * 4
    done = services.deliver_due(limit=2)
    assert len(done) == 2 and len(threaded_receiver.received) == 2
    statuses = sorted(SyndicationDelivery.objects.values_list("status", flat=True))
    assert statuses == ["delivered", "delivered", "pending", "pending"]


class RefusesSyndicationTasks(ImmediateBackend):
    """A task queue that takes Wagtail's own tasks but refuses the syndication's."""

    def enqueue(self, task, args, kwargs):
        if task.module_path.startswith("exemplar_stories."):
            raise ConnectionError("the queue refuses the task")
        return super().enqueue(task, args, kwargs)


class RefusesSyndicationTasksLater(RefusesSyndicationTasks):
    """The same, for a queue that can run tasks later (as django_tasks_db's can)."""

    supports_defer = True


@pytest.mark.django_db(transaction=True)
def test_a_resend_the_task_queue_refuses_is_kept_for_the_cron(
    migrated_state, threaded_receiver, admin_client, settings
):
    """The Office's Resend commits its row even when the queue refuses the task that would
    send it: the page answers (no server error) and the cron sends it. Both kinds of Resend:
    a fresh withdrawal of a deleted story, and a story still waiting for its retry."""
    gone = make_story("Gương đã xóa")
    gone.delete()
    threaded_receiver.default = 503
    waiting = make_story("Gương chờ gửi lại")
    threaded_receiver.default = 200
    assert len(threaded_receiver.received) == 3
    settings.TASKS = {"default": {"BACKEND": f"{__name__}.RefusesSyndicationTasks"}}
    for row in (
        SyndicationDelivery.objects.get(event="story.withdrawn"),
        SyndicationDelivery.objects.get(page_id=waiting.pk),
    ):
        assert admin_client.post(reverse(RESEND, args=[row.pk])).status_code == 302
    assert len(threaded_receiver.received) == 3  # nothing sent: the queue took no task
    services.deliver_due()
    assert len(threaded_receiver.received) == 5
    assert not SyndicationDelivery.objects.exclude(status=DeliveryStatus.DELIVERED).exists()


@pytest.mark.parametrize("lanes", [1, 4])
@pytest.mark.django_db(transaction=True)
def test_a_task_queue_that_refuses_every_task_never_breaks_the_cron(
    migrated_state, threaded_receiver, settings, lanes
):
    """Every follow-up the outbox queues after an attempt (the retry, the circuit's probe, a
    story's next delivery) may be refused by the queue: the cron run still ends normally, and
    the later runs send everything, in order."""
    settings.TASKS = {"default": {"BACKEND": f"{__name__}.RefusesSyndicationTasksLater"}}
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SYNDICATION_CONCURRENCY": lanes}
    threshold = get_setting("SYNDICATION_CIRCUIT_THRESHOLD")
    threaded_receiver.default = 503
    story = make_story("Gương sáng")  # its task refused: nothing sent yet
    story.title = "Gương sáng (cập nhật)"
    story.save_revision().publish(skip_permission_checks=True)
    first = SyndicationDelivery.objects.earliest("pk")
    for _ in range(threshold):  # each failure queues its retry; the last opens the circuit
        services.deliver_due(now=due_now(first))
    probe_at = SyndicationTarget.objects.get().open_until
    assert probe_at is not None
    threaded_receiver.default = 200
    services.deliver_due(now=probe_at)  # the probe succeeds; the update follows it
    assert threaded_receiver.events == ["story.published"] * (threshold + 1) + ["story.updated"]
    assert set(SyndicationDelivery.objects.values_list("status", flat=True)) == {"delivered"}


# --- the probe of an open circuit, as two workers see it ----------------------------------


def _circuit_open_with_its_probe_due(now):
    target = services.current_target()
    SyndicationTarget.objects.filter(pk=target.pk).update(open_until=now - timedelta(minutes=1))
    return target


def test_while_the_probe_is_out_no_other_worker_sends_a_second_one(receiver, monkeypatch):
    make_story("Gương một")  # written, not sent (no commit): both wait for the probe
    make_story("Gương hai")
    now = timezone.now()
    _circuit_open_with_its_probe_due(now)
    read_before = services.current_target()  # a worker that read the target a moment earlier
    assert services._take(now=now) is not None  # this worker won the probe
    assert services._take(now=now) is None  # one reading the target now sees the probe's lease
    monkeypatch.setattr(services, "current_target", lambda: read_before)
    assert services._take(now=now) is None  # one that read it before: the probe is taken
    assert SyndicationDelivery.objects.filter(status=DeliveryStatus.SENDING).count() == 1


def test_a_due_probe_with_nothing_to_send_probes_with_the_next_delivery_at_once(receiver):
    now = timezone.now()
    target = _circuit_open_with_its_probe_due(now)
    assert services._take(now=now) is None
    assert SyndicationTarget.objects.get(pk=target.pk).open_until == now  # still open, due
    make_story("Gương sáng")
    probe = services._take(now=now + timedelta(seconds=1))
    assert probe is not None and probe.status == DeliveryStatus.SENDING


def test_a_second_410_from_a_send_already_in_flight_keeps_the_first_reason(receiver):
    make_story("Gương một")  # written, not sent
    make_story("Gương hai")
    services.current_target()
    now = timezone.now()
    first, second = services._claim(now=now), services._claim(now=now)  # two workers' sends
    services._record(first, services.SendResult(status_code=410, body="Đã ngừng"), now=now)
    later = now + timedelta(minutes=1)
    services._record(second, services.SendResult(status_code=410, body="Lần hai"), now=later)
    target = SyndicationTarget.objects.get()
    assert target.disabled_at == now
    assert target.disabled_reason == f"410 Gone ({first.webhook_id}): Đã ngừng"


def test_an_answer_is_recorded_on_its_own_row_only(receiver):
    """Two rows claimed at the same moment carry the same lease and attempt count: the first
    answer must not mark the other delivered."""
    make_story("Gương một")  # written, not sent
    make_story("Gương hai")
    services.current_target()
    now = timezone.now()
    first, second = services._claim(now=now), services._claim(now=now)
    assert first.claimed_until == second.claimed_until
    services._record(first, services.SendResult(status_code=200), now=now)
    statuses = dict(SyndicationDelivery.objects.values_list("pk", "status"))
    assert statuses == {first.pk: DeliveryStatus.DELIVERED, second.pk: DeliveryStatus.SENDING}


def test_a_success_supersedes_the_earlier_failures_of_its_own_story_only(receiver, publish):
    """The Office's alert counts a failed story until that story reaches the Board: another
    story's success clears nothing."""
    receiver.default = 400  # refused: failed at once, not retried
    publish(make_story, "Gương một")
    publish(make_story, "Gương hai")
    one, two = SyndicationDelivery.objects.order_by("pk")
    assert [one.status, two.status] == [DeliveryStatus.FAILED, DeliveryStatus.FAILED]
    receiver.default = 200
    again = publish(outbox.resend, delivery=two)
    statuses = dict(SyndicationDelivery.objects.values_list("pk", "status"))
    assert statuses == {
        one.pk: DeliveryStatus.FAILED,
        two.pk: DeliveryStatus.SUPERSEDED,
        again.pk: DeliveryStatus.DELIVERED,
    }


def test_an_older_send_answered_late_does_not_clear_a_newer_failure_of_its_story(receiver):
    """A story's first delivery is in flight while the circuit is open and the retry window
    ends: its edit's delivery gives up. The first then arrives: the Board has the old text,
    so the edit's failure still stands for the Office."""
    story = make_story("Gương sáng")  # written, not sent
    story.title = "Gương sáng (sửa)"
    story.save_revision().publish(skip_permission_checks=True)
    first, edit = SyndicationDelivery.objects.order_by("pk")
    services.current_target()
    later = timezone.now() + timedelta(seconds=get_setting("SYNDICATION_RETRY_FOR") + 60)
    in_flight = services._claim(now=later - timedelta(seconds=5))
    assert in_flight.pk == first.pk
    SyndicationTarget.objects.update(open_until=later + timedelta(hours=1))
    [given_up] = services.give_up_expired(now=later)
    assert given_up.pk == edit.pk
    services._record(in_flight, services.SendResult(status_code=200), now=later)
    statuses = dict(SyndicationDelivery.objects.values_list("pk", "status"))
    assert statuses == {first.pk: DeliveryStatus.DELIVERED, edit.pk: DeliveryStatus.FAILED}


def test_a_storys_task_sends_that_story_while_an_older_one_waits_for_the_cron(receiver, publish):
    """The task queued at publication sends its own delivery, not whichever is oldest."""
    make_story("Gương chờ")  # written, its task never ran: the cron sends it
    publish(make_story, "Gương mới")
    assert [request["payload"]["title"] for request in receiver.received] == ["Gương mới"]
    assert SyndicationDelivery.objects.get(story_title="Gương chờ").status == DeliveryStatus.PENDING
