"""Time in the portal: Vietnamese time (Asia/Ho_Chi_Minh) and the plan's quarters.

A story counts for a quarter, the duty is per quarter, the review per year: all of them in
Vietnamese time, whatever the server's clock says (31/3 23:30 +07:00 is still Q1).
"""

import datetime
import zoneinfo

from django.utils import timezone

PORTAL_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def local_today(now=None):
    return (now or timezone.now()).astimezone(PORTAL_TZ).date()


def quarter_of_date(day):
    """(year, quarter) of a date (or of a datetime, as it reads)."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_of(moment):
    """(year, quarter) of an aware datetime, in Vietnamese time: 31/3 23:30 +07:00 is Q1."""
    return quarter_of_date(moment.astimezone(PORTAL_TZ))


def quarter_start(year, quarter):
    return datetime.date(year, 3 * (quarter - 1) + 1, 1)


def next_quarter(year, quarter):
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def previous_quarter(year, quarter):
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def days_left(year, quarter, *, today):
    """Days from `today` to the end of the quarter, today included (1 on its last day)."""
    end = quarter_start(*next_quarter(year, quarter))
    return max(0, (end - today).days)


def local_iso(moment):
    """ISO 8601 in Vietnamese time, to the second (JSON-LD, the syndication payload)."""
    return moment.astimezone(PORTAL_TZ).isoformat(timespec="seconds") if moment else None
