"""Moving the outbox's clock forward the way a replay does it: every timestamp of the outbox
is moved back, so the project's own backoff and circuit decide what is due."""

import threading
from datetime import timedelta

from django.core.management import call_command
from django.db import connection, models
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from exemplar_stories.models import DeliveryStatus, SyndicationDelivery, SyndicationTarget


def advance(seconds):
    """Move the clock forward: every timestamp of the outbox moves back by `seconds`."""
    delta = timedelta(seconds=seconds)
    for model in (SyndicationDelivery, SyndicationTarget):
        # One UPDATE a model (NULL minus a delta stays NULL): inside a test's transaction every
        # row version it writes is kept to the end, and each statement reads them all again.
        model.objects.update(
            **{
                field.name: F(field.name) - delta
                for field in model._meta.concrete_fields
                if isinstance(field, models.DateTimeField)
            }
        )


def next_due_in():
    """Seconds until the outbox has something to do: the open circuit's probe if there is
    one (nothing else is sent meanwhile), else the first waiting row that may go (one behind
    an earlier delivery of its story waits for that one, however long ago it fell due)."""
    now = timezone.now()
    if not SyndicationDelivery.objects.filter(status=DeliveryStatus.PENDING).exists():
        return None
    target = SyndicationTarget.objects.first()
    probe = getattr(target, "open_until", None)  # absent before the circuit existed
    if probe is not None:
        moments = [probe]
    else:
        earlier = SyndicationDelivery.objects.filter(
            story_uuid=OuterRef("story_uuid"),
            pk__lt=OuterRef("pk"),
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING],
        )
        moments = list(
            SyndicationDelivery.objects.filter(status=DeliveryStatus.PENDING)
            .filter(~Exists(earlier))
            .values_list("next_attempt_at", flat=True)
        )
    if not moments:
        return None
    return max(1.0, (min(moments) - now).total_seconds() + 1)


class Clock:
    """Simulated seconds; each step runs the cron command, like the worker's deferred task or
    the 5-minute cron, whichever comes first."""

    def __init__(self, publish, *, workers=1):
        self.publish = publish
        self.elapsed = 0.0
        self.workers = workers

    def run_workers(self):
        if self.workers == 1:
            self.publish(call_command, "deliver_syndication", verbosity=0)
            return
        # Several workers at the same moment, each a thread with its own connection (the test
        # must commit: transactional_db).
        errors = []

        def worker():
            try:
                call_command("deliver_syndication", verbosity=0)
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(self.workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []

    # The outbox says something is due within a second this many steps in a row: it is
    # spinning (a due probe that takes nothing, say). The suite's runs never take two such
    # steps in a row; a spinning outbox would step a simulated day a second at a time.
    SPIN_LIMIT = 20

    def run_for(self, seconds, *, until=None):
        end = self.elapsed + seconds
        quick = 0
        while self.elapsed < end:
            if until is not None and until():
                return
            due = next_due_in()
            step = min(300.0, due if due is not None else 300.0, end - self.elapsed)
            quick = quick + 1 if step <= 1.0 else 0
            assert quick < self.SPIN_LIMIT, f"the outbox is spinning at {self.elapsed:.0f} s"
            advance(step)
            self.elapsed += step
            self.run_workers()


def due_now(delivery):
    """When the outbox will next try `delivery`, as the database holds it now."""
    delivery.refresh_from_db()
    return delivery.next_attempt_at


def waiting():
    return SyndicationDelivery.objects.filter(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
    ).exists()


class NoJitter:
    """A random source for the backoff functions (`rng=`) that adds no jitter."""

    def uniform(self, low, high):
        return 1.0


class JitterAt:
    """A random source that always draws the lowest (`"low"`) or highest (`"high"`) jitter."""

    def __init__(self, end):
        self.end = end

    def uniform(self, low, high):
        return low if self.end == "low" else high
