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
    # Whole-response cache of public pages for anonymous visitors (page_cache.py): seconds an
    # entry lives (0 turns it off), the cache alias (shared by all processes!), paths never cached.
    "PAGE_CACHE_SECONDS": 0,
    "PAGE_CACHE_ALIAS": "default",
    "PAGE_CACHE_EXCLUDED_PATHS": ("/admin/", "/documents/"),
}


def get_setting(name):
    if name not in DEFAULTS:
        raise KeyError(f"Unknown EXEMPLAR_STORIES setting: {name}")
    return getattr(settings, "EXEMPLAR_STORIES", {}).get(name, DEFAULTS[name])
