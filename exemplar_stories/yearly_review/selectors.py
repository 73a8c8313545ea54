"""The yearly review (tổng kết): stories by unit × kind, by field and by quarter, registrations,
and the awards won by registered nominees. A fixed number of queries for any year."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from ..core.choices import StoryKind
from ..models import NomineeAward, Registration, RegistrationStatus, StoryPage, Unit

KINDS = [StoryKind.EXEMPLAR, StoryKind.NEW_MODEL, StoryKind.NEW_FACTOR]


@dataclass
class CountRow:
    label: str
    counts: Counter = field(default_factory=Counter)
    registrations: int = 0

    @property
    def by_kind(self):
        return [self.counts[kind] for kind in KINDS]

    @property
    def total(self):
        return sum(self.counts[kind] for kind in KINDS)


@dataclass(frozen=True)
class AwardWon:
    nominee: str
    unit: str
    award: str
    decision_number: str
    issuer: str


@dataclass
class YearlyReview:
    year: int
    by_unit: list
    by_field: list
    by_quarter: list
    awards: list
    registrations: int

    @property
    def totals(self):
        total = CountRow(_("Total"))
        for row in self.by_unit:
            total.counts.update(row.counts)
            total.registrations += row.registrations
        return total


def review_years():
    story_years = set(
        StoryPage.objects.live()
        .public()
        .exclude(quarter_year=None)
        .order_by()
        .values_list("quarter_year", flat=True)
        .distinct()
    )
    registration_years = set(
        Registration.objects.order_by().values_list("year", flat=True).distinct()
    )
    return sorted(story_years | registration_years, reverse=True)


def yearly_review(year):
    stories = StoryPage.objects.live().public().filter(quarter_year=year).order_by()

    units = {}
    for unit_id, kind, n in stories.values_list("unit_id", "kind").annotate(n=Count("pk")):
        units.setdefault(unit_id, Counter())[kind] += n
    registrations = dict(
        Registration.objects.filter(year=year)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # The units of that year: each story and registration counts for the unit it was written
    # for, named as it was then, with "nay là …" when it has become another unit since.
    by_unit = []
    for unit in Unit.objects.filter(pk__in=set(units) | set(registrations)):
        by_unit.append(
            CountRow(unit.label, units.get(unit.pk, Counter()), registrations.get(unit.pk, 0))
        )

    fields = defaultdict(Counter)
    for name, kind, n in stories.values_list("field__name", "kind").annotate(n=Count("pk")):
        fields[name or _("No field")][kind] += n
    by_field = [CountRow(name, counts) for name, counts in sorted(fields.items())]

    quarters = defaultdict(Counter)
    for quarter, kind, n in stories.values_list("quarter_number", "kind").annotate(n=Count("pk")):
        quarters[quarter][kind] += n
    by_quarter = [
        CountRow(_("Quarter %(quarter)s") % {"quarter": q}, quarters.get(q, Counter()))
        for q in (1, 2, 3, 4)
    ]

    return YearlyReview(
        year=year,
        by_unit=by_unit,
        by_field=by_field,
        by_quarter=by_quarter,
        awards=awards_won(year),
        registrations=sum(registrations.values()),
    )


def awards_won(year):
    """Awards of `year` held by registered nominees: the award history recorded with any of
    their registrations, and the titles registered for `year` marked as achieved."""
    won = {}
    for row in NomineeAward.objects.filter(year=year).select_related("award", "registration__unit"):
        registration = row.registration
        key = (registration.unit_id, registration.nominee_key, row.award_id)
        won.setdefault(
            key,
            AwardWon(
                registration.nominee_name,
                registration.unit.label,
                row.award.name,
                row.decision_number,
                row.issuer,
            ),
        )
    for registration in Registration.objects.filter(
        year=year, status=RegistrationStatus.ACHIEVED, registered_award__isnull=False
    ).select_related("unit", "registered_award"):
        key = (registration.unit_id, registration.nominee_key, registration.registered_award_id)
        won.setdefault(
            key,
            AwardWon(
                registration.nominee_name,
                registration.unit.label,
                registration.registered_award.name,
                "",
                "",
            ),
        )
    return sorted(won.values(), key=lambda a: (a.award, a.unit, a.nominee))
