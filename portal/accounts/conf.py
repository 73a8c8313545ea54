"""The accounts settings, read here only (defaults beside them; see portal/settings/base.py)."""

from datetime import timedelta

from django.conf import settings

# The plugin's defaults for its group names (exemplar_stories/conf.py); read from
# settings.EXEMPLAR_STORIES so that a renamed group is followed here too.
_GROUP_DEFAULTS = {"REVIEWER_GROUP": "Văn phòng Sở", "EDITOR_GROUP": "Biên tập viên"}


def group_name(key):
    """ "REVIEWER_GROUP" (the Office) or "EDITOR_GROUP" (unit editors)."""
    return getattr(settings, "EXEMPLAR_STORIES", {}).get(key, _GROUP_DEFAULTS[key])


def second_factor_required():
    return getattr(settings, "ACCOUNTS_SECOND_FACTOR_REQUIRED", True)


def second_factor_groups():
    groups = getattr(settings, "ACCOUNTS_SECOND_FACTOR_GROUPS", None)
    return list(groups) if groups else [group_name("REVIEWER_GROUP")]


def session_idle_timeout():
    minutes = getattr(settings, "ACCOUNTS_SESSION_IDLE_MINUTES", 30)
    return timedelta(minutes=minutes) if minutes else None


def session_max_age():
    hours = getattr(settings, "ACCOUNTS_SESSION_MAX_HOURS", 12)
    return timedelta(hours=hours) if hours else None


def dormant_days():
    return getattr(settings, "ACCOUNTS_DORMANT_DAYS", 45)


def dormant_exempt_superusers():
    return getattr(settings, "ACCOUNTS_DORMANT_EXEMPT_SUPERUSERS", False)
