"""The quarterly duty (plan, section IV): every quarter, at least one exemplar is introduced on
the portal, and news about exemplars is sent to Sở Nội vụ.

Quarters are Vietnamese quarters (Asia/Ho_Chi_Minh): a story counts for the quarter stored on
it (`quarter_year`/`quarter_number`, from its first publication, or set by the Office).
The dashboard panel, the report and `check_quarterly_duty` all read these functions.
"""

import datetime
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .conf import get_setting
from .models import (
    PORTAL_TZ,
    DeliveryStatus,
    DutyAlert,
    StoryKind,
    StoryPage,
    SyndicationDelivery,
    SyndicationEvent,
)

logger = logging.getLogger(__name__)


def quarter_start(year, quarter):
    return datetime.date(year, 3 * (quarter - 1) + 1, 1)


def next_quarter(year, quarter):
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def previous_quarter(year, quarter):
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def local_today(now=None):
    return (now or timezone.now()).astimezone(PORTAL_TZ).date()


def quarter_of_date(day):
    return day.year, (day.month - 1) // 3 + 1


def days_left(year, quarter, *, today):
    """Days from `today` to the end of the quarter, today included (1 on its last day)."""
    end = quarter_start(*next_quarter(year, quarter))
    return max(0, (end - today).days)


def delivered_story_ids_by_quarter():
    """{(year, quarter): {story ids}} of stories delivered to Sở Nội vụ, in one query."""
    result = defaultdict(set)
    rows = (
        SyndicationDelivery.objects.filter(
            status=DeliveryStatus.DELIVERED, event=SyndicationEvent.PUBLISHED
        )
        .order_by()
        .values_list("page_id", "page__quarter_year", "page__quarter_number")
        .distinct()
    )
    for page_id, year, quarter in rows:
        if year and quarter:
            result[(year, quarter)].add(page_id)
    return result


def delivered_story_ids(year, quarter):
    """Ids of the stories counted for the quarter that were delivered to Sở Nội vụ."""
    return delivered_story_ids_by_quarter().get((year, quarter), set())


@dataclass
class QuarterDuty:
    year: int
    quarter: int
    published: Counter = field(default_factory=Counter)
    delivered: int = 0  # exemplars of the quarter delivered to Sở Nội vụ
    today: datetime.date | None = None

    @property
    def label(self):
        return f"{self.quarter}/{self.year}"

    @property
    def start(self):
        return quarter_start(self.year, self.quarter)

    @property
    def end(self):
        return quarter_start(*next_quarter(self.year, self.quarter)) - datetime.timedelta(days=1)

    @property
    def exemplars(self):
        return self.published[StoryKind.EXEMPLAR]

    @property
    def new_models(self):
        return self.published[StoryKind.NEW_MODEL]

    @property
    def new_factors(self):
        return self.published[StoryKind.NEW_FACTOR]

    @property
    def total(self):
        return sum(self.published.values())

    @property
    def is_current(self):
        return self.today is not None and self.start <= self.today <= self.end

    @property
    def is_past(self):
        return self.today is not None and self.end < self.today

    @property
    def days_left(self):
        if self.today is None or self.is_past:
            return 0
        return days_left(self.year, self.quarter, today=max(self.today, self.start))

    @property
    def met(self):
        if self.exemplars < 1:
            return False
        return self.delivered >= 1 or not get_setting("DUTY_REQUIRES_DELIVERY")

    @property
    def at_risk(self):
        """Still open, nothing yet, and fewer days left than the alert threshold."""
        return self.is_current and not self.met and self.days_left < get_setting("DUTY_ALERT_DAYS")

    @property
    def state(self):
        if self.met:
            return "met"
        if self.is_past:
            return "missed"
        return "at_risk" if self.at_risk else "open"


def _published_counts():
    """{(year, quarter): Counter(kind)} of live, public stories, in one query."""
    rows = (
        StoryPage.objects.live()
        .public()
        .exclude(quarter_year=None)
        .exclude(quarter_number=None)
        .values_list("quarter_year", "quarter_number", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = defaultdict(Counter)
    for year, quarter, kind, n in rows:
        counts[(year, quarter)][kind] += n
    return counts


def _delivered_exemplars(delivered_by_quarter):
    ids = set().union(*delivered_by_quarter.values()) if delivered_by_quarter else set()
    if not ids:
        return set()
    return set(
        StoryPage.objects.filter(pk__in=ids, kind=StoryKind.EXEMPLAR).values_list("pk", flat=True)
    )


def quarter_duty(year, quarter, *, now=None):
    counts = (
        StoryPage.objects.live()
        .public()
        .filter(quarter_year=year, quarter_number=quarter)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    delivered = delivered_story_ids(year, quarter)
    exemplars = _delivered_exemplars({(year, quarter): delivered})
    return QuarterDuty(
        year=year,
        quarter=quarter,
        published=Counter(dict(counts)),
        delivered=len(exemplars),
        today=local_today(now),
    )


def current_duty(*, now=None):
    return quarter_duty(*quarter_of_date(local_today(now)), now=now)


def duty_history(*, now=None):
    """One QuarterDuty per quarter, from the first story's quarter to the current one, newest
    first. A constant number of queries, whatever the number of quarters."""
    today = local_today(now)
    counts = _published_counts()
    delivered_by_quarter = delivered_story_ids_by_quarter()
    exemplar_ids = _delivered_exemplars(delivered_by_quarter)
    current = quarter_of_date(today)
    if not counts:
        first = current
    else:
        first = min(counts)
    last = max([current, *counts])
    rows = []
    year, quarter = first
    while (year, quarter) <= last:
        rows.append(
            QuarterDuty(
                year=year,
                quarter=quarter,
                published=counts.get((year, quarter), Counter()),
                delivered=len(delivered_by_quarter.get((year, quarter), set()) & exemplar_ids),
                today=today,
            )
        )
        year, quarter = next_quarter(year, quarter)
    rows.reverse()
    return rows


def office_recipients():
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(groups__name=get_setting("REVIEWER_GROUP"), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class AlertOutcome:
    duty: QuarterDuty
    sent: bool
    reason: str  # "sent", "not_at_risk", "already_sent", "no_recipients"


def alert_if_duty_at_risk(*, now=None):
    """Email the Office once per quarter when the duty is at risk; record that it was sent."""
    from .mail import send_duty_at_risk

    duty = current_duty(now=now)
    if not duty.at_risk:
        return AlertOutcome(duty, False, "not_at_risk")
    if DutyAlert.objects.filter(year=duty.year, quarter=duty.quarter).exists():
        return AlertOutcome(duty, False, "already_sent")
    recipients = office_recipients()
    if not recipients:
        logger.warning("Quarterly duty at risk for %s but the Office has no email.", duty.label)
        return AlertOutcome(duty, False, "no_recipients")
    with transaction.atomic():
        alert, created = DutyAlert.objects.select_for_update().get_or_create(
            year=duty.year, quarter=duty.quarter, defaults={"recipients": len(recipients)}
        )
        if not created:  # another run got there first
            return AlertOutcome(duty, False, "already_sent")
        # Sent inside the transaction: if sending fails, the record goes too and cron retries.
        send_duty_at_risk(duty=duty, recipients=recipients)
    return AlertOutcome(duty, True, "sent")
