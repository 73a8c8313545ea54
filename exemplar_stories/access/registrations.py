"""Who may see and change registrations. Every screen, the import and the exports ask here.

- The Office (and superusers) see and change every unit's registrations, in any year.
- A unit editor sees their own unit's registrations, and those of the former units it replaced
  (a merger's successor keeps its predecessors' records), and adds or changes them while the
  year is open (not closed by the Office). New registrations are written for the current unit.
- Anyone else sees nothing.
- The status moves by role: an editor proposes (registered, being followed up); only the Office
  sets proposed / achieved / not achieved. An editor may keep a status the Office set.

The answers are computed once per request and kept on the user object, so a listing of fifty
rows does not ask the database fifty times who the user is.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..models import Registration, RegistrationStatus, RegistrationYear
from .roles import is_editor, is_office, unit_of, unit_scope


@dataclass(frozen=True)
class Access:
    office: bool
    unit_id: int | None
    closed_years: frozenset
    # The unit and the former units it replaced (`roles.unit_scope`): their registrations are
    # the unit's to see and correct; new ones are written for `unit_id`.
    unit_ids: frozenset = frozenset()

    @property
    def allowed(self):
        return self.office or self.unit_id is not None

    def year_open(self, year):
        return year not in self.closed_years


def access_for(user):
    cached = getattr(user, "_registration_access", None)
    if cached is not None:
        return cached
    office = is_office(user)
    unit = unit_of(user) if not office and is_editor(user) else None
    access = Access(
        office=office,
        unit_id=unit.pk if unit else None,
        unit_ids=unit_scope(user) if unit else frozenset(),
        closed_years=frozenset(
            RegistrationYear.objects.filter(closed=True).values_list("year", flat=True)
        )
        if (office or unit)
        else frozenset(),
    )
    if user is not None and user.is_authenticated:
        user._registration_access = access
    return access


def is_office_cached(user):
    """`roles.is_office`, asked once per request."""
    return access_for(user).office


def can_access(user):
    """May open the registration screens at all."""
    return access_for(user).allowed


def can_manage_years(user):
    return access_for(user).office


def visible_registrations(user, queryset=None):
    queryset = Registration.objects.all() if queryset is None else queryset
    access = access_for(user)
    if access.office:
        return queryset
    if access.unit_id is not None:
        return queryset.filter(unit_id__in=access.unit_ids)
    return queryset.none()


def can_register(user, *, unit_id, year):
    """May add or change a registration of `unit_id` for `year`."""
    access = access_for(user)
    if access.office:
        return True
    return unit_id in access.unit_ids and access.year_open(year)


EDITOR_STATUSES = frozenset({RegistrationStatus.REGISTERED, RegistrationStatus.FOLLOWING})


def may_set_status(user, status, *, current=None):
    """May `user` give a registration the status `status` (it has `current` now)?"""
    return access_for(user).office or status == current or status in EDITOR_STATUSES


def status_refusal():
    return _("Only the Office sets this status.")


def can_change(user, registration):
    return can_register(user, unit_id=registration.unit_id, year=registration.year)


def refusal_reason(user, *, unit_id, year):
    """Why `can_register` said no, in words for a form or an import report."""
    access = access_for(user)
    if access.unit_id is not None and unit_id not in access.unit_ids:
        return _("You can only register nominees of your own unit.")
    if not access.year_open(year):
        return _("The Office has closed the registrations of %(year)s.") % {"year": year}
    return _("You do not have permission to register nominees.")
