"""The plugin's configuration: one settings dictionary, EXEMPLAR_STORIES, read here only.

Usage: ``from exemplar_stories.conf import get_setting; get_setting("STORIES_PER_PAGE")``.
"""

from django.conf import settings

DEFAULTS = {
    # Citizens' index: stories per page.
    "STORIES_PER_PAGE": 12,
    # Outbound syndication to Sở Nội vụ (Ban Thi đua, khen thưởng).
    "SYNDICATION_URL": "",
    "SYNDICATION_SECRET": "",
    "SYNDICATION_BACKEND": "exemplar_stories.syndication.backends.HTTPBackend",
    # Name of the group that reviews stories (Văn phòng Sở).
    "REVIEWER_GROUP": "Văn phòng Sở",
    "EDITOR_GROUP": "Biên tập viên",
    # Quarterly duty: warn the Office when fewer days than this remain and no exemplar is out.
    "DUTY_ALERT_DAYS": 30,
    # Whether the duty also needs an exemplar delivered to Sở Nội vụ (not only published).
    "DUTY_REQUIRES_DELIVERY": False,
}


def get_setting(name):
    if name not in DEFAULTS:
        raise KeyError(f"Unknown EXEMPLAR_STORIES setting: {name}")
    return getattr(settings, "EXEMPLAR_STORIES", {}).get(name, DEFAULTS[name])
