"""How long nominees' data is kept: while their registration year is open, and for
EXEMPLAR_STORIES["REGISTRATION_RETENTION_YEARS"] (5) years after the Office closed it; then
`manage.py purge_registrations` (cron) deletes the year's registrations with their award
histories. A story published about a nominee stays (it has its own consent)."""

import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone

from ..core.conf import get_setting
from ..models import NomineeAward, Registration, RegistrationYear


def years_later(moment, years):
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


@dataclasses.dataclass
class Purged:
    year: int
    closed_at: datetime.datetime
    registrations: int
    awards: int


def expired_years(*, now=None):
    """The closed registration years whose retention period has passed."""
    now = now or timezone.now()
    keep = get_setting("REGISTRATION_RETENTION_YEARS")
    closed = RegistrationYear.objects.filter(closed=True, closed_at__isnull=False).order_by("year")
    return [year for year in closed if years_later(year.closed_at, keep) <= now]


@transaction.atomic
def purge_expired(*, now=None, dry_run=False):
    """Delete the registrations (and award histories) of every expired year; returns what was
    (or, with `dry_run`, would be) deleted, year by year (years with nothing left: not listed)."""
    done = []
    for year in expired_years(now=now):
        rows = Registration.objects.filter(year=year.year)
        awards = NomineeAward.objects.filter(registration__in=rows).count()
        count = rows.count()
        if not count:
            continue  # purged already
        if not dry_run:
            NomineeAward.objects.filter(registration__in=rows).delete()
            rows.delete()
        done.append(Purged(year.year, year.closed_at, count, awards))
    return done
