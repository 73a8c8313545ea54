"""The road to high awards: for each registered nominee, the awards held and the next step.

A nominee's history is everything recorded about the same (unit, normalised name): the award
history entered with each year's registration, the awards listed on their published stories,
and the titles registered in a year whose status is "achieved". The rules are data, in time:
an award's `AwardRule` rows (prerequisite, consecutive years, initiative, legal basis) for the
period that covers the year assessed, i.e. the registration's year; an award with no rules in
time falls back to its single `prerequisite`. This is guidance, never legal advice.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from ..models import Award, AwardRule, NomineeAward, Registration, RegistrationStatus, StoryAward
from ..models.unit_history import unit_families

MAX_STEPS = 6  # a prerequisite chain longer than this is a data error (or a loop)


@dataclass(frozen=True)
class HeldAward:
    award: Award
    year: int
    decision_number: str = ""
    issuer: str = ""


@dataclass
class Step:
    """One rule on the way: `years` consecutive years of `prerequisite` before `award`."""

    award: Award
    prerequisite: Award
    years: int
    streak: int  # consecutive years held, ending at the latest year held
    last_year: int | None
    rule: AwardRule | None = None  # None: the award's own prerequisite (no rules in time)

    @property
    def legal_basis(self):
        return self.rule.legal_basis if self.rule else ""

    @property
    def requires_initiative(self):
        return bool(self.rule and self.rule.requires_initiative)

    @property
    def condition(self):
        return self.rule.condition if self.rule else self.award.guidance

    @property
    def remaining(self):
        return max(0, self.years - self.streak)

    @property
    def met(self):
        return self.remaining == 0


@dataclass
class RoadmapEntry:
    registration: Registration
    held: list = field(default_factory=list)
    # From the target down to the rung the nominee stands on (or to the first rule).
    steps: list = field(default_factory=list)

    @property
    def target(self):
        return self.registration.target_award

    @property
    def next_step(self):
        """The lowest rule not yet met: what the nominee should aim for next."""
        for step in reversed(self.steps):
            if not step.met:
                return step
        return None


def consecutive_streak(years, *, until):
    """Length of the run of consecutive years ending at the latest year held up to `until`;
    a run that ended before the year before `until` is broken and counts as 0."""
    held = sorted({y for y in years if y <= until})
    if not held or held[-1] < until - 1:
        return 0, (held[-1] if held else None)
    streak, year = 0, held[-1]
    while year in held:
        streak += 1
        year -= 1
    return streak, held[-1]


class RuleBook:
    """The rules in force for a year assessed: {award id: [AwardRule, …]}, read once."""

    def __init__(self):
        self.by_award = defaultdict(list)
        for rule in AwardRule.objects.order_by("award_id", "sort_order", "pk"):
            self.by_award[rule.award_id].append(rule)

    def rule_for(self, award, year):
        """(prerequisite id, years, rule) for `award` in `year`; (None, …) when no rule of
        its periods covers the year. Without rules in time, the award's own prerequisite."""
        rules = self.by_award.get(award.pk)
        if not rules:
            return award.prerequisite_id, award.prerequisite_years or 1, None
        for rule in rules:
            if rule.applies_to(year):
                return rule.prerequisite_id, rule.consecutive_years, rule
        return None, 0, None


def _steps(target, awards_by_id, held_years, *, until, rules=None):
    rules = rules or RuleBook()
    steps, seen, award = [], set(), target
    while award and award.pk not in seen and len(steps) < MAX_STEPS:
        seen.add(award.pk)
        prerequisite_id, years, rule = rules.rule_for(award, until)
        prerequisite = awards_by_id.get(prerequisite_id)
        if prerequisite is None:
            break
        streak, last = consecutive_streak(held_years.get(prerequisite.pk, ()), until=until)
        steps.append(Step(award, prerequisite, years, streak, last, rule))
        if held_years.get(prerequisite.pk):
            break  # the nominee has reached this rung: the rules below it are behind them
        award = prerequisite
    return steps


def award_histories(registrations):
    """{(unit_id, nominee_key): [HeldAward, …]} for the nominees of `registrations`, in a fixed
    number of queries whatever their number. A nominee's history includes what was recorded
    under the former units their unit replaced (registered in 2025 under a district office,
    in 2026 under the commune-level unit it merged into: one nominee, one history)."""
    families = unit_families({r.unit_id for r in registrations})
    receivers = defaultdict(set)  # a unit id → the registrations' units whose history it feeds
    for unit_id, family in families.items():
        for member in family:
            receivers[member].add(unit_id)
    units = set(receivers)
    keys = {r.nominee_key for r in registrations}
    wanted = {(r.unit_id, r.nominee_key) for r in registrations}
    histories = defaultdict(dict)

    def add(recorded_for, held):
        unit_id, key = recorded_for
        for receiver in receivers.get(unit_id, ()):
            if (receiver, key) in wanted:
                histories[(receiver, key)].setdefault((held.award.pk, held.year), held)

    related = list(
        Registration.objects.filter(unit_id__in=units, nominee_key__in=keys).select_related(
            "registered_award"
        )
    )
    for rows in NomineeAward.objects.filter(
        registration__unit_id__in=units, registration__nominee_key__in=keys
    ).select_related("award", "registration"):
        add(
            (rows.registration.unit_id, rows.registration.nominee_key),
            HeldAward(rows.award, rows.year, rows.decision_number, rows.issuer),
        )
    for registration in related:
        if registration.status == RegistrationStatus.ACHIEVED and registration.registered_award:
            add(
                (registration.unit_id, registration.nominee_key),
                HeldAward(registration.registered_award, registration.year),
            )
    nominee_of_story = {
        r.story_id: (r.unit_id, r.nominee_key) for r in related if r.story_id is not None
    }
    for row in StoryAward.objects.filter(page_id__in=nominee_of_story).select_related("award"):
        add(
            nominee_of_story[row.page_id],
            HeldAward(row.award, row.year, row.decision_number, row.issuer),
        )
    return {
        nominee: sorted(held.values(), key=lambda h: (h.year, h.award.rank))
        for nominee, held in histories.items()
    }


def roadmap(registrations):
    """One entry per registration: awards held, and the rules between them and the target, as
    they stand for the registration's year (the year assessed)."""
    registrations = list(registrations)
    awards_by_id = {a.pk: a for a in Award.objects.all()}
    rules = RuleBook()
    histories = award_histories(registrations)
    entries = []
    for registration in registrations:
        held = histories.get((registration.unit_id, registration.nominee_key), [])
        held_years = defaultdict(set)
        for item in held:
            held_years[item.award.pk].add(item.year)
        target = awards_by_id.get(registration.target_award_id)
        steps = _steps(target, awards_by_id, held_years, until=registration.year, rules=rules)
        entries.append(RoadmapEntry(registration=registration, held=held, steps=steps))
    return entries
