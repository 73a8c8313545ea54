"""Units in time, written: the Office records a merger, a rename or a split in one step.

`record_unit_change` ends the former units (their `valid_to` is the day before the change is in
force, `active` is cleared), creates the successors that do not exist yet, records one
`UnitChange` per (former unit, successor) with the legal basis, and recomputes every unit's
"nay là …". It never touches a story, a registration or an award: they keep the unit they
were written for, and the successor's editors reach them through `access.roles.unit_scope`.
After a merger or a rename the former units' editors write for the successor (their
memberships move); after a split the Office chooses each editor's successor, so they stay.
Called by the admin's "Rename or merge units" screen and by the demo loader.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..core.text import slugify_vi
from ..models import Unit, UnitChange, UnitChangeKind, UnitMembership
from ..models.unit_history import refresh_successor_labels


def _unique_slug(name):
    base = slugify_vi(name, max_length=90) or "don-vi"
    slug, n = base, 2
    while Unit.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check(units, kind, successors, effective_date, decision_number):
    if not units:
        raise ValidationError(_("Choose the unit or units that change."))
    if not decision_number.strip():
        raise ValidationError(_("Give the number of the decision that makes the change."))
    for unit in units:
        if not unit.active or unit.valid_to is not None:
            raise ValidationError(_("“%(unit)s” is already a former unit.") % {"unit": unit.name})
        if unit.valid_from and effective_date <= unit.valid_from:
            raise ValidationError(
                _("The change must come into force after “%(unit)s” began.") % {"unit": unit.name}
            )
    if kind == UnitChangeKind.RENAMED_TO and (len(units) != 1 or len(successors) != 1):
        raise ValidationError(_("A rename changes one unit into one new name."))
    if kind == UnitChangeKind.MERGED_INTO and len(successors) != 1:
        raise ValidationError(_("A merger has exactly one successor."))
    if kind == UnitChangeKind.SPLIT_INTO and (len(units) != 1 or len(successors) < 2):
        raise ValidationError(_("A split divides one unit into two or more successors."))
    pks = {unit.pk for unit in units}
    for successor in successors:
        if isinstance(successor, Unit):
            if successor.pk in pks:
                raise ValidationError(_("A unit cannot be its own successor."))
            if not successor.active:
                raise ValidationError(
                    _("The successor “%(unit)s” is a former unit.") % {"unit": successor.name}
                )
        elif not successor.strip():
            raise ValidationError(_("A new unit needs a name."))
        elif Unit.objects.filter(name=" ".join(successor.split())).exists():
            raise ValidationError(
                _("A unit called “%(name)s” already exists: choose it instead.")
                % {"name": successor}
            )
        elif kind == UnitChangeKind.RENAMED_TO and units[0].name == " ".join(successor.split()):
            raise ValidationError(_("The new name is the same as the old one."))


@dataclass
class RecordedChange:
    changes: list = field(default_factory=list)
    editors_moved: int = 0  # memberships moved to the successor (merger, rename)
    editors_left: int = 0  # memberships still on a former unit (split): the Office's to move

    @property
    def former_units(self):
        return len({change.predecessor_id for change in self.changes})


@transaction.atomic
def record_unit_change(
    *,
    units,
    kind,
    successors,
    effective_date,
    decision_number,
    decision_date=None,
    issued_by="",
    user=None,
):
    """End `units` on the day before `effective_date` and record what they became.

    `successors`: existing current units, or names (str) of units to create (they begin on
    `effective_date`, with the type and order of the first former unit). Returns the list of
    `RecordedChange`. Raises ValidationError (the reader's message) when the change is not
    possible: nothing is saved then.
    """
    units = list(units)
    successors = list(successors)
    _check(units, kind, successors, effective_date, decision_number)
    template = units[0]
    targets = []
    for successor in successors:
        if isinstance(successor, str):
            name = " ".join(successor.split())
            successor = Unit.objects.create(
                name=name,
                slug=_unique_slug(name),
                unit_type=template.unit_type,
                sort_order=template.sort_order,
                valid_from=effective_date,
            )
        targets.append(successor)
    last_day = effective_date - datetime.timedelta(days=1)
    changes = []
    for unit in units:
        unit.valid_to = last_day
        unit.active = False
        unit.save(update_fields=["valid_to", "active"])
        for successor in targets:
            changes.append(
                UnitChange.objects.create(
                    predecessor=unit,
                    successor=successor,
                    kind=kind,
                    effective_date=effective_date,
                    decision_number=decision_number.strip(),
                    decision_date=decision_date,
                    issued_by=issued_by.strip(),
                    recorded_by=user,
                )
            )
    members = UnitMembership.objects.filter(unit__in=units)
    result = RecordedChange(changes=changes)
    if len(targets) == 1:
        result.editors_moved = members.update(unit=targets[0])
    else:
        result.editors_left = members.count()
    refresh_successor_labels()
    return result


def unit_saved(*, unit):
    """After a unit is saved: if other units name it as their successor, their "nay là …"
    is recomputed (a current unit without stories may still be renamed in place)."""
    if UnitChange.objects.filter(successor=unit).exists():
        refresh_successor_labels()
