"""The quarterly duty (plan, section IV): every quarter, at least one exemplar is introduced on
the portal, and news about exemplars is sent to Sở Nội vụ.

Quarters are Vietnamese quarters (Asia/Ho_Chi_Minh): a story counts for the quarter stored on
it (`quarter_year`/`quarter_number`, from its first publication, or set by the Office).
The dashboard panel, the report and `check_quarterly_duty` (duty/alerts.py) all read these
functions.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from ..core.choices import StoryKind
from ..core.conf import get_setting
from ..core.quarters import (
    days_left,
    local_today,
    next_quarter,
    quarter_of_date,
    quarter_start,
)
from ..models import DeliveryStatus, StoryPage, SyndicationDelivery, SyndicationEvent


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
    def requires_delivery(self):
        return bool(get_setting("DUTY_REQUIRES_DELIVERY"))

    @property
    def missing_publication(self):
        """No exemplar of the quarter is live on the portal."""
        return self.exemplars < 1

    @property
    def missing_delivery(self):
        """No exemplar of the quarter reached Sở Nội vụ (waiting or failed ones do not count)."""
        return self.requires_delivery and self.delivered < 1

    @property
    def missing(self):
        """Which half of the duty is missing: "", "publication", "delivery" or "both"."""
        if self.missing_publication and self.missing_delivery:
            return "both"
        if self.missing_publication:
            return "publication"
        if self.missing_delivery:
            return "delivery"
        return ""

    @property
    def met(self):
        return not self.missing

    @property
    def at_risk(self):
        """Still open, not met yet, and fewer days left than the alert threshold."""
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
