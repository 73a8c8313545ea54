"""The plugin's configuration: one settings dictionary, EXEMPLAR_STORIES, read here only.

Usage: ``from exemplar_stories.core.conf import get_setting; get_setting("STORIES_PER_PAGE")``.
"""

from django.conf import settings

DEFAULTS = {
    # Citizens' index: stories per page.
    "STORIES_PER_PAGE": 12,
    # Outbound syndication to Sở Nội vụ (Ban Thi đua, khen thưởng).
    "SYNDICATION_URL": "",
    "SYNDICATION_SECRET": "",
    # HTTPBackend: a signed webhook to SYNDICATION_URL. For a Board without a webhook endpoint,
    # "exemplar_stories.syndication.email_backend.EmailBackend": each story mailed as HTML to
    # SYNDICATION_MAILBOX, from SYNDICATION_EMAIL_FROM (default DEFAULT_FROM_EMAIL), through
    # Django's EMAIL_* settings (SMTP).
    "SYNDICATION_BACKEND": "exemplar_stories.syndication.backends.HTTPBackend",
    "SYNDICATION_MAILBOX": "",
    "SYNDICATION_EMAIL_FROM": "",
    # Sends in flight at once per worker run: another lane opens only while a send is slow
    # (over a second), so one slow story does not hold the others; 1 sends one at a time.
    "SYNDICATION_CONCURRENCY": 4,
    # Accept http:// to a loopback address (127.0.0.1, ::1, localhost): dev and test only.
    "SYNDICATION_ALLOW_HTTP_LOOPBACK": False,
    # Seconds: to connect, and for the whole request (a wall-clock deadline: connect, send and
    # the whole answer; always shorter than the lease below, a system check says so).
    "SYNDICATION_CONNECT_TIMEOUT": 5.0,
    "SYNDICATION_TIMEOUT": 30.0,
    # Retries: the first delay, the longest delay, and how long to keep trying (seconds).
    "SYNDICATION_RETRY_MIN_DELAY": 60,
    "SYNDICATION_RETRY_MAX_DELAY": 12 * 60 * 60,
    "SYNDICATION_RETRY_FOR": 3 * 24 * 60 * 60,
    # How long a worker holds a delivery before another may take it over (seconds).
    "SYNDICATION_LEASE": 120,
    # The target's circuit: after this many consecutive failed attempts (no answer, 5xx, 429…)
    # nothing is sent but one probe at a time, the probes backing off from a minute up to
    # SYNDICATION_PROBE_MAX_DELAY seconds; the first answer brings every waiting delivery forward.
    "SYNDICATION_CIRCUIT_THRESHOLD": 5,
    "SYNDICATION_PROBE_MAX_DELAY": 180,
    # Name of the group that reviews stories (Văn phòng Sở).
    "REVIEWER_GROUP": "Văn phòng Sở",
    "EDITOR_GROUP": "Biên tập viên",
    # Four-eyes: a story goes live only once an Office member who wrote none of its revisions
    # since it was last live approved it (access/stories.py). True lets superusers publish
    # stories without that approval; off by default, superusers follow the rule too.
    "SUPERUSERS_SKIP_FOUR_EYES": False,
    # Quarterly duty: warn the Office when fewer days than this remain and no exemplar is out.
    "DUTY_ALERT_DAYS": 30,
    # Whether the duty also needs an exemplar delivered to Sở Nội vụ (not only published), as the
    # plan (section IV) asks: on by default.
    "DUTY_REQUIRES_DELIVERY": True,
    # Whole-response cache of public pages for anonymous visitors (public/page_cache.py): seconds an
    # entry lives (0 turns it off), the cache alias (shared by all processes!), paths never cached.
    "PAGE_CACHE_SECONDS": 0,
    "PAGE_CACHE_ALIAS": "default",
    "PAGE_CACHE_EXCLUDED_PATHS": ("/admin/", "/documents/"),
    # Consent (consent/): where the evidence files are kept, outside MEDIA_ROOT and never served
    # by the web server ("" = a `private/` folder beside MEDIA_ROOT), and their largest size.
    "CONSENT_EVIDENCE_ROOT": "",
    "CONSENT_EVIDENCE_MAX_BYTES": 10 * 1024 * 1024,
    # Registrations: years kept after the registration year is closed, then `manage.py
    # purge_registrations` deletes them.
    "REGISTRATION_RETENTION_YEARS": 5,
    # The HTTP cache in front (Varnish; public/http_cache.py): seconds it may keep an anonymous
    # public page (purged by surrogate key on every change, public/purge.py; 0 sends no cache
    # headers), and seconds a browser may (0: it asks again, so a publish shows at once).
    "HTTP_CACHE_SECONDS": 24 * 60 * 60,
    "HTTP_CACHE_BROWSER_SECONDS": 0,
}


def get_setting(name):
    if name not in DEFAULTS:
        raise KeyError(f"Unknown EXEMPLAR_STORIES setting: {name}")
    return getattr(settings, "EXEMPLAR_STORIES", {}).get(name, DEFAULTS[name])
