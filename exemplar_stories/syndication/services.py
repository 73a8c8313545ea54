"""The syndication service: the one place that claims, signs, sends and records deliveries,
and the django-tasks tasks that run it (`outbox` writes the rows and enqueues them here).

The tasks live in this module, next to what they run, because sending re-enqueues (retries,
the next delivery of the same story): a separate tasks module would import this one and be
imported by it. Their old path `exemplar_stories.tasks` stays importable for queued rows.
"""

import email.utils
import logging
import random
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import nullcontext
from datetime import timedelta

from django.db import connections as db_connections
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from ..core.conf import get_setting
from ..models import DeliveryStatus, SyndicationDelivery, SyndicationTarget
from . import notify, signing
from .backends import (  # noqa: F401 (RETRYABLE_4XX: old path)
    RETRYABLE_4XX,
    SendResult,
    get_backend,
    office_text,
)
from .config import current_target, is_enabled, mailbox, target_url, url_problem

logger = logging.getLogger(__name__)

RETRY_AFTER_STATUSES = {429, 503}
USER_AGENT = "exemplar-stories-syndication/1"


# --- the tasks (run by `manage.py db_worker` in production, at once in development and tests) --


@task()
def deliver_syndication(delivery_id):
    delivery = deliver_one(delivery_id=delivery_id)
    return delivery.status if delivery else None


@task()
def deliver_due_syndication():
    return len(deliver_due())


def enqueue_delivery(*, delivery_id, run_after=None):
    task = deliver_syndication
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return None  # the cron command picks it up
        task = task.using(run_after=run_after)
    return task.enqueue(delivery_id=delivery_id)


# --- claiming and sending -----------------------------------------------------------------


def _due(now):
    """Rows to send now: waiting and due, or held by a worker whose lease ran out."""
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, claimed_until__lt=now
    )


def _waiting(now):
    """Rows a probe may take: waiting, due or not, or held by a worker whose lease ran out."""
    return Q(status=DeliveryStatus.PENDING) | Q(
        status=DeliveryStatus.SENDING, claimed_until__lt=now
    )


def _claim(*, now, delivery_id=None, probe=False):
    """Take one due delivery for this worker, or None. Safe with many workers: the row is
    locked with SKIP LOCKED, and an earlier unfinished delivery of the same story goes first.
    A probe of an open circuit takes the first waiting delivery even if it is not due yet."""
    lease = timedelta(seconds=get_setting("SYNDICATION_LEASE"))
    earlier = SyndicationDelivery.objects.filter(
        story_uuid=OuterRef("story_uuid"),
        pk__lt=OuterRef("pk"),
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING],
    )
    with transaction.atomic():
        candidates = (
            SyndicationDelivery.objects.select_for_update(skip_locked=True)
            .filter(_waiting(now) if probe else _due(now))
            .filter(~Exists(earlier))
            .order_by("next_attempt_at", "pk")
        )
        if delivery_id is not None:
            candidates = candidates.filter(pk=delivery_id)
        delivery = candidates.first()
        if delivery is None:
            return None
        delivery.status = DeliveryStatus.SENDING
        delivery.claimed_until = now + lease
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.save(update_fields=["status", "claimed_until", "attempts", "last_attempt_at"])
    return delivery


def retry_delay(attempts, *, rng=random):
    """Exponential backoff with ±20% jitter: about 1 min, 2, 4, … up to 12 h between tries."""
    low = get_setting("SYNDICATION_RETRY_MIN_DELAY")
    high = get_setting("SYNDICATION_RETRY_MAX_DELAY")
    base = min(high, low * 2 ** max(0, attempts - 1))
    return timedelta(seconds=min(high, base * rng.uniform(0.8, 1.2)))


def parse_retry_after(value, *, now):
    """Seconds from a Retry-After header (seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0, int((moment - now).total_seconds()))


def _send(delivery):
    backend = get_backend()
    if backend.transport == "email":  # the story mailed to the Board's mailbox (email_backend)
        return backend.deliver(delivery=delivery, mailbox=mailbox())
    body = delivery.body.encode()
    headers = {
        "content-type": "application/json; charset=utf-8",
        "user-agent": USER_AGENT,
        # Wall-clock time: the receiver checks it against its own clock.
        **signing.webhook_headers(
            secret=get_setting("SYNDICATION_SECRET"),
            msg_id=delivery.webhook_id,
            timestamp=time.time(),
            body=body,
        ),
    }
    return backend.send(url=target_url(), headers=headers, body=body)


def _record(delivery, result, *, now, rng=random):
    """Store the outcome of an attempt and decide what happens next."""
    result = result or SendResult(error=office_text("The syndication backend returned no result."))
    changes = {
        "claimed_until": None,
        "url": target_url()[:500],
        "last_status_code": result.status_code,
        "last_response": result.body,
        "last_error": result.error[:500],
    }
    code = result.status_code
    reschedule = None
    answered = result.ok  # the target is alive (an answer about this delivery, not an outage)
    if result.ok:
        changes.update(status=DeliveryStatus.DELIVERED, delivered_at=now)
    elif result.gone:
        # The receiver says this address is gone: stop sending there and tell the Office. The
        # delivery waits (due at once when re-enabled); nothing more is sent meanwhile.
        SyndicationTarget.objects.filter(url=target_url(), disabled_at=None).update(
            disabled_at=now,
            disabled_reason=f"410 Gone ({delivery.webhook_id}): {result.body[:400]}",
        )
        changes.update(status=DeliveryStatus.PENDING, next_attempt_at=now)
    elif result.refused:
        changes.update(status=DeliveryStatus.FAILED)
        answered = True
    else:
        delay = None
        if result.protocol == "http" and code in RETRY_AFTER_STATUSES:
            seconds = parse_retry_after(result.headers.get("retry-after"), now=now)
            if seconds is not None:
                high = get_setting("SYNDICATION_RETRY_MAX_DELAY")
                delay = timedelta(seconds=min(max(seconds, 1), high))
        delay = delay or retry_delay(delivery.attempts, rng=rng)
        if now + delay > _give_up_at(delivery):
            changes.update(
                status=DeliveryStatus.FAILED,
                last_error=office_text(
                    "Gave up after %(count)s attempt. %(error)s",
                    "Gave up after %(count)s attempts. %(error)s",
                    count=delivery.attempts,
                    error=result.error,
                ),
            )
        else:
            reschedule = now + delay
            changes.update(status=DeliveryStatus.PENDING, next_attempt_at=reschedule)
    # Only if the row is still ours: a worker whose lease ran out must not overwrite another's.
    claimed_until = delivery.claimed_until
    updated = SyndicationDelivery.objects.filter(
        pk=delivery.pk,
        status=DeliveryStatus.SENDING,
        attempts=delivery.attempts,
        claimed_until=claimed_until,
    ).update(**changes)
    for name, value in changes.items():
        setattr(delivery, name, value)
    if updated:
        if answered:
            _target_answered(now=now)
        elif not result.gone:
            _target_failed(now=now, rng=rng)
    if updated and changes.get("status") == DeliveryStatus.DELIVERED:
        # Earlier failures of this story are moot now: the alert counts them no more.
        SyndicationDelivery.objects.filter(
            story_uuid=delivery.story_uuid, pk__lt=delivery.pk, status=DeliveryStatus.FAILED
        ).update(status=DeliveryStatus.SUPERSEDED)
    if updated and changes.get("status") == DeliveryStatus.FAILED:
        notify.delivery_failed([delivery])
    if updated and reschedule is not None:
        transaction.on_commit(
            lambda: enqueue_delivery(delivery_id=delivery.pk, run_after=reschedule), robust=True
        )
    if updated and delivery.is_final:
        # Deliveries of one story go out in order, so a later one whose task ran while this one
        # was in flight (another worker) was skipped: queue it now rather than at the next cron.
        successor = (
            SyndicationDelivery.objects.filter(
                story_uuid=delivery.story_uuid, pk__gt=delivery.pk, status=DeliveryStatus.PENDING
            )
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if successor is not None:
            transaction.on_commit(lambda: enqueue_delivery(delivery_id=successor), robust=True)
    log = logger.info if result.ok else logger.warning
    log(
        "syndication %s %s attempt %s: %s %s",
        delivery.webhook_id,
        delivery.event,
        delivery.attempts,
        code or "-",
        result.error or delivery.status,
    )
    return delivery


def _give_up_at(delivery):
    return delivery.created_at + timedelta(seconds=get_setting("SYNDICATION_RETRY_FOR"))


def probe_delay(failures, *, rng=random):
    """How long an open circuit waits before its next probe: a minute, doubling, at most
    SYNDICATION_PROBE_MAX_DELAY (three minutes), ±20%."""
    low = get_setting("SYNDICATION_RETRY_MIN_DELAY")
    high = get_setting("SYNDICATION_PROBE_MAX_DELAY")
    base = min(high, low * 2 ** max(0, failures - 1))
    return timedelta(seconds=min(high, base * rng.uniform(0.8, 1.2)))


def _target_failed(*, now, rng=random):
    """Count a failed attempt against the target; open (or keep open) its circuit."""
    targets = SyndicationTarget.objects.filter(url=target_url())
    targets.update(failures=F("failures") + 1)
    target = targets.first()
    threshold = get_setting("SYNDICATION_CIRCUIT_THRESHOLD")
    if target is None or target.failures < threshold:
        return
    probe_at = now + probe_delay(target.failures - threshold + 1, rng=rng)
    targets.update(open_until=probe_at)
    transaction.on_commit(
        lambda: enqueue_due(run_after=probe_at), robust=True
    )  # the probe, with a worker that can wait (the cron otherwise)


def _target_answered(*, now):
    """The target answered: close its circuit. If it had failed, every waiting delivery is
    brought forward and sent now (per story in order), so a recovered receiver drains fast."""
    recovered = (
        SyndicationTarget.objects.filter(url=target_url())
        .filter(Q(failures__gt=0) | Q(open_until__isnull=False))
        .update(failures=0, open_until=None)
    )
    if recovered:
        bring_forward(now=now)


def bring_forward(*, now, story_uuid=None):
    """Every waiting delivery (of one story, or all) is due now; then the queue is run."""
    rows = SyndicationDelivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__gt=now
    )
    if story_uuid is not None:
        rows = rows.filter(story_uuid=story_uuid)
    rows.update(next_attempt_at=now)
    transaction.on_commit(deliver_later, robust=True)


def probe_now(*, now=None):
    """An open circuit may probe at once (the Office's Resend: one request, not a flood)."""
    now = now or timezone.now()
    SyndicationTarget.objects.filter(url=target_url(), open_until__gt=now).update(open_until=now)


def give_up_expired(*, now):
    """While the circuit is open only the probe is tried: the other deliveries still give up
    when their retry window (three days) has passed, as if they had been retried."""
    target = SyndicationTarget.objects.filter(url=target_url(), disabled_at=None).first()
    if target is None or target.open_until is None:
        return []
    limit = now - timedelta(seconds=get_setting("SYNDICATION_RETRY_FOR"))
    expired = list(
        SyndicationDelivery.objects.filter(status=DeliveryStatus.PENDING, created_at__lte=limit)
    )
    given_up = []
    for delivery in expired:
        changes = {
            "status": DeliveryStatus.FAILED,
            "last_error": office_text(
                "Gave up after %(count)s attempt: the receiver did not answer for the whole "
                "retry period.",
                "Gave up after %(count)s attempts: the receiver did not answer for the whole "
                "retry period.",
                count=delivery.attempts,
            ),
        }
        if SyndicationDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
            **changes
        ):
            for name, value in changes.items():  # the Office's email says why (notify)
                setattr(delivery, name, value)
            given_up.append(delivery)
    if given_up:
        notify.delivery_failed(given_up)
    return given_up


def _ready():
    if not is_enabled() or url_problem(target_url()):
        return False
    return not current_target().is_disabled


def _take(*, now, delivery_id=None):
    """The next delivery to send, or None: nothing while the target is disabled (410) or its
    circuit is open; once the probe is due, one delivery (whichever worker wins the probe)."""
    if not _ready():
        return None
    target = current_target()
    if target.open_until is None:
        return _claim(now=now, delivery_id=delivery_id)
    if target.open_until > now:
        return None
    lease = timedelta(seconds=get_setting("SYNDICATION_LEASE"))
    won = SyndicationTarget.objects.filter(pk=target.pk, open_until=target.open_until).update(
        open_until=now + lease
    )
    if not won:
        return None  # another worker sends the probe
    probe = _claim(now=now, probe=True)
    if probe is None:  # nothing waiting: probe with the next delivery, as soon as it comes
        SyndicationTarget.objects.filter(pk=target.pk).update(open_until=now)
    return probe


def deliver_one(*, delivery_id, now=None, rng=random):
    """Send one delivery if it is due (the task's job). Returns it, or None if not taken.

    If sending it takes longer than a moment (a slow receiver), other lanes send the other
    stories' due deliveries meanwhile (`_run_lanes`), so one slow story does not hold the
    worker's queue."""
    if _may_use_lanes():
        return _run_lanes(now=now, limit=None, rng=rng, first_id=delivery_id).first
    now = now or timezone.now()
    delivery = _take(now=now, delivery_id=delivery_id)
    if delivery is None:
        return None
    return _record(delivery, _send(delivery), now=now, rng=rng)


def deliver_due(*, now=None, limit=100, rng=random):
    """Send every due delivery (up to `limit`), taking over stale ones (the cron's job). The
    target's state is checked before every row: a 410 or an open circuit stops the run.
    A slow send does not hold the others: they go out on other lanes (`_run_lanes`)."""
    give_up_expired(now=now or timezone.now())
    if _may_use_lanes():
        return _run_lanes(now=now, limit=limit, rng=rng).done
    done = []
    while len(done) < limit:
        moment = now or timezone.now()
        delivery = _take(now=moment)
        if delivery is None:
            break
        done.append(_record(delivery, _send(delivery), now=moment, rng=rng))
    return done


# --- lanes: a slow receiver does not stall the other stories ---------------------------------

# A send that has taken this long (seconds) without an answer lets another lane start.
SPILL_AFTER = 1.0
# While a lane is still sending, how often the others look for newly due deliveries.
POLL_EVERY = 0.25

_in_lane = threading.local()

# SQLite has one writer. A lane's connection that writes while another's statement runs gets
# "database is locked" (a file past its busy timeout; at once in the tests' shared in-memory
# database: "database table is locked"), so there the lanes take turns at the database; their
# sends still overlap. Reentrant: a task run at once inside a lane's record takes its turn too.
_sqlite_turn = threading.RLock()


def _database_turn():
    return _sqlite_turn if transaction.get_connection().vendor == "sqlite" else nullcontext()


def _may_use_lanes():
    """Lanes are threads with their own database connections: only outside a transaction
    (another connection could not see its rows, nor take locks it holds), not inside a lane
    already (a task run at once by the immediate tasks backend), and when the setting allows."""
    return (
        int(get_setting("SYNDICATION_CONCURRENCY")) > 1
        and not transaction.get_connection().in_atomic_block
        and not getattr(_in_lane, "active", False)
    )


def _lane(delivery, *, now, rng):
    """Send and record one delivery in a lane's thread (its own connection, closed after)."""
    _in_lane.active = True
    try:
        result = _send(delivery)
        with _database_turn():
            return _record(delivery, result, now=now, rng=rng)
    finally:
        _in_lane.active = False
        db_connections.close_all()


class _LaneRun:
    def __init__(self):
        self.done = []
        self.first = None


def _run_lanes(*, now, limit, rng, first_id=None):
    """Deliver with up to SYNDICATION_CONCURRENCY sends in flight, each in its own lane.

    The run takes one delivery at a time (in this thread, `_take`: the target's state, the
    circuit and per-story order are decided exactly as one by one) and hands it to a lane. A
    next one is taken only once every send in flight has lasted SPILL_AFTER seconds: a receiver
    that answers at once gets one request at a time, as before (a 410 still receives exactly
    one); a slow answer opens another lane for the other stories. A story's next delivery is
    never taken while its previous one is in flight (`_claim` skips it), so per-story order
    holds. With `first_id` (a task for one delivery) that one is taken first and the run ends
    when no lane is busy; otherwise (the cron) it ends when nothing is due or `limit` is sent.
    """
    lanes = int(get_setting("SYNDICATION_CONCURRENCY"))
    run = _LaneRun()
    inflight = {}  # future -> monotonic start
    with ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="syndication") as pool:

        def start(delivery, moment):
            inflight[pool.submit(_lane, delivery, now=moment, rng=rng)] = time.monotonic()

        def collect():
            for future in [f for f in inflight if f.done()]:
                del inflight[future]
                delivery = future.result()
                run.done.append(delivery)
                if first_id is not None and delivery.pk == first_id:
                    run.first = delivery

        if first_id is not None:
            moment = now or timezone.now()
            with _database_turn():
                delivery = _take(now=moment, delivery_id=first_id)
            if delivery is None:
                return run
            start(delivery, moment)
        while True:
            collect()
            if not inflight and first_id is not None:
                break  # the task's own delivery is done and no lane is busy
            started = len(run.done) + len(inflight)
            spill = all(time.monotonic() - t >= SPILL_AFTER for t in inflight.values())
            if len(inflight) < lanes and spill and (limit is None or started < limit):
                moment = now or timezone.now()
                with _database_turn():
                    delivery = _take(now=moment)
                if delivery is not None:
                    start(delivery, moment)
                    continue
                if not inflight:
                    break  # nothing due, nothing in flight
            elif not inflight:
                break  # the limit is reached
            # Until a lane finishes, the newest send has lasted SPILL_AFTER, or the next look.
            newest = max(inflight.values())
            until_spill = newest + SPILL_AFTER - time.monotonic()
            timeout = POLL_EVERY if spill else max(0.01, min(POLL_EVERY, until_spill))
            wait(inflight, timeout=timeout, return_when=FIRST_COMPLETED)
    return run


def reenable_target():
    """The Office re-enables the configured address after a 410: its circuit is closed and
    every waiting delivery goes out now (the first answer decides whether the rest follow)."""
    now = timezone.now()
    SyndicationTarget.objects.filter(url=target_url()).update(
        disabled_at=None, disabled_reason="", failures=0, open_until=None
    )
    bring_forward(now=now)


def deliver_later():
    deliver_due_syndication.enqueue()


def enqueue_due(*, run_after):
    task = deliver_due_syndication
    if not task.get_backend().supports_defer:
        return None  # the cron command comes by
    return task.using(run_after=run_after).enqueue()
