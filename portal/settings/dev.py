"""A laptop: debug on, console email, tasks run at once, SQLite unless DATABASE_URL is set."""

import os

from .base import *  # noqa: F403
from .base import EXEMPLAR_STORIES, env_list

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# A local receiver (http://127.0.0.1:…) may stand in for Sở Nội vụ's portal. Unless the
# environment names a real one, stories go to the demo receiver (exemplar_stories/demo/receiver.py,
# mounted in portal/urls.py when DEBUG is on), which verifies the signature with this dev-only
# secret; it is called in-process, so the demo loader's stories arrive before runserver starts.
DEV_SYNDICATION = (
    {}
    if os.environ.get("SYNDICATION_URL") or os.environ.get("SYNDICATION_BACKEND")
    else {
        "SYNDICATION_URL": "http://127.0.0.1:8000/demo/so-noi-vu/",
        "SYNDICATION_SECRET": "whsec_ZGV2LW9ubHktZGVtby1yZWNlaXZlci1zZWNyZXQ=",
        "SYNDICATION_BACKEND": "exemplar_stories.syndication.in_process.InProcessBackend",
    }
)
EXEMPLAR_STORIES = {
    **EXEMPLAR_STORIES,
    "SYNDICATION_ALLOW_HTTP_LOOPBACK": True,
    **DEV_SYNDICATION,
}
# Passkeys need a domain name, not an IP address: use them at http://localhost:8000/admin/.
OTP_WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("WEBAUTHN_ALLOWED_ORIGINS", "http://localhost:8000")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

try:
    from .local import *  # noqa: F403
except ImportError:
    pass
