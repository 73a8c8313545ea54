"""The test suite: fast hashing, in-memory cache and email, tasks run at once.

The database is SQLite in memory unless DATABASE_URL points at PostgreSQL (CI runs both).
"""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, EXEMPLAR_STORIES

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
# The page cache is off; tests/exemplar_stories/public/test_page_cache.py turns it on where it is tested.
EXEMPLAR_STORIES = {**EXEMPLAR_STORIES, "PAGE_CACHE_SECONDS": 0}
# Purges of the HTTP cache are recorded, not sent (tests/exemplar_stories/public/test_purge.py).
WAGTAILFRONTENDCACHE = {
    "recording": {"BACKEND": "exemplar_stories.public.cache_backends.RecordingBackend"}
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Syndication stays off unless a test points it at its own receiver on 127.0.0.1.
EXEMPLAR_STORIES = {
    **EXEMPLAR_STORIES,
    "SYNDICATION_URL": "",
    "SYNDICATION_SECRET": "",
    "SYNDICATION_BACKEND": "exemplar_stories.syndication.backends.HTTPBackend",
    "SYNDICATION_MAILBOX": "",
    "SYNDICATION_ALLOW_HTTP_LOOPBACK": True,
}

# The second factor stays required for whoever has a device, but the Office and superusers
# without one are not sent to enrolment here, so that the plugin's tests can
# `client.force_login()` an Office user. tests/portal/accounts and tests/e2e turn it on.
ACCOUNTS_SECOND_FACTOR_REQUIRED = False
OTP_WEBAUTHN_RP_ID = "localhost"
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://localhost"]

if not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

# Mutation testing (.ci/mutation.py) runs thousands of short pytest sessions: it keeps the test
# database in a file and reuses it (pytest --reuse-db) rather than migrating for every mutant.
if os.environ.get("MUTATION_TEST_DATABASE") and not os.environ.get("DATABASE_URL"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["MUTATION_TEST_DATABASE"]}
