"""Settings shared by every environment; safe for production.

Secrets, hosts and the database come from the environment (see `.env.example`).
`dev.py` relaxes these for a laptop, `test.py` speeds them up, `production.py` hardens them.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "exemplar_stories",
    # Admin accounts: second factor, sessions, dormant accounts, the login trail, units on the
    # user form. Its WagtailUsersConfig replaces "wagtail.users" (custom user and group views).
    "portal.accounts",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "portal.accounts.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Its Vietnamese catalogue: Wagtail's status panel says "3 giây trước" (naturaltime).
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    # Before any view reads it: the admin's query string without control characters, its
    # search boxes capped (issue #13).
    "portal.middleware.AdminQueryStringMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CSP, sessions and auth: a cached page costs one cache round trip and no database,
    # and is stored with its CSP header (the same for every visitor: the public policy has no
    # nonce, see below).
    "exemplar_stories.public.page_cache.PageCacheMiddleware",
    # Cache-Control, Surrogate-Control and the surrogate keys (xkey) for the HTTP cache in
    # front (Varnish); inside the page cache, so that its stored responses carry them too.
    "exemplar_stories.public.http_cache.HttpCacheHeadersMiddleware",
    # The request's Wagtail site and root paths from this process's memory (no query).
    "exemplar_stories.public.sites.SiteMemoMiddleware",
    "portal.middleware.PortalCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # django-otp: request.user.is_verified(); then idle/absolute session limits; then the gate
    # that sends a user who still owes the second factor to it (or to enrolment).
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.middleware.SessionLimitsMiddleware",
    "portal.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first, so a locked-out username+IP is refused before the password is checked.
# AxesBackend rather than AxesStandaloneBackend: it is also a ModelBackend (has get_user), and
# Wagtail's WagtailPageTestCase logs in with AUTHENTICATION_BACKENDS[0].
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite next to the code unless DATABASE_URL says otherwise (postgres://… in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# At least 12 characters (the demo accounts' demo12345 is set by the demo command with
# set_password, which skips validators: demo only).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first. No LocaleMiddleware: the public site stays Vietnamese whatever a phone's
# Accept-Language says; admin users may pick English in their Wagtail profile.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Day-first input formats for Vietnamese (Django's "vi" locale has none; see the module).
FORMAT_MODULE_PATH = ["portal.formats"]
# Project strings first, then our complete Vietnamese Wagtail admin (wagtail_locale/), both
# ahead of the apps' own catalogues, so they win over Wagtail's partial Vietnamese one.
LOCALE_PATHS = [PROJECT_DIR / "locale", PROJECT_DIR / "wagtail_locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media (images, documents) on S3-compatible storage, for several app hosts: set
# AWS_STORAGE_BUCKET_NAME and install the optional extra `pip install '.[s3]'` (django-storages).
# Keep the bucket private: documents still go through Wagtail's serve view (below), which reads
# them with the keys; only image renditions (`images/`) need to be public, e.g. behind a CDN on
# AWS_S3_CUSTOM_DOMAIN (then add that origin to CSP_MEDIA_ORIGINS). Without keys, boto3's own
# credential chain (instance role, ~/.aws) is used. See README "Scale-out".
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "default_acl": None,  # the bucket's policy decides, not per-object ACLs
            "file_overwrite": False,  # like FileSystemStorage: never replace an upload
        },
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: console in dev, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Cổng TTĐT Sở Tư pháp <no-reply@localhost>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)


def cache_from_url(url):
    """The default cache from CACHE_URL / REDIS_URL: redis://…, rediss://…, unix://… (Django's
    RedisCache, shared by all workers), file:///path (FileBasedCache), or locmem when unset."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
        }
    if url.startswith("file://"):
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": url.removeprefix("file://"),
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
CACHES = {
    "default": cache_from_url(CACHE_URL),
    # Wagtail looks renditions up here before asking the database.
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# The HTTP cache in front: Varnish (deploy/varnish/default.vcl), one URL per Varnish instance
# (`VARNISH_URLS=http://127.0.0.1:6081`), purged through wagtail.contrib.frontend_cache's
# backends by URL and by surrogate key (exemplar_stories/public/purge.py).
VARNISH_URLS = env_list("VARNISH_URLS")
WAGTAILFRONTENDCACHE = {
    f"varnish{number}": {
        "BACKEND": "exemplar_stories.public.cache_backends.VarnishBackend",
        "LOCATION": url,
    }
    for number, url in enumerate(VARNISH_URLS, 1)
}
# The public page cache (in the app) needs a cache shared by all workers, so it is on by default
# only then, and off behind Varnish, which keeps the same pages closer to the reader (README).
PAGE_CACHE_SECONDS = int(
    os.environ.get(
        "PAGE_CACHE_SECONDS",
        "600"
        if CACHES["default"]["BACKEND"].endswith(("RedisCache", "FileBasedCache"))
        and not VARNISH_URLS
        else "0",
    )
)

# Background work (syndication, image renditions) through django-tasks: the database
# backend with `manage.py db_worker` in production, the immediate backend in dev and tests.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "WARNING"},
        # The task runner logs every search-index update at INFO: too chatty for a terminal.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # Lockouts and failed logins are warnings; its start-up banner is not worth a line.
        "axes": {"level": "WARNING"},
        "exemplar_stories": {"level": os.environ.get("LOG_LEVEL", "INFO")},
    },
}

# Security headers. SecurityMiddleware sets the first three (Django's defaults, spelled out so
# dev, test and production agree); portal.middleware.PermissionsPolicyMiddleware the last.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Content-Security-Policy (django-csp 4). The public site is strict: scripts only from our own
# origin, no inline script at all and so no nonce. A nonce is a per-response secret, and the
# page cache serves one response to every visitor for minutes, which would make the nonce
# known to anyone who fetched the page (issue #13). The only inline <script> on public pages
# is the story's JSON-LD, `type="application/ld+json"`: a data block, which the HTML standard
# never runs and never submits to the CSP inline check (prepare-the-script-element stops at a
# non-JavaScript type before that check), so `script-src 'self'` leaves it readable by search
# engines; tests/portal/test_security.py keeps every other script external. No inline styles or style attributes, no plugins, no framing by other sites, forms post only
# to us. Media may live on another origin (CSP_MEDIA_ORIGINS, e.g. a CDN in front of /media/).
#
# The Wagtail admin is not CSP-clean: its widgets and panels render inline <script>s and it
# uses style attributes. Rather than exempting /admin/ entirely (EXCLUDE_URL_PREFIXES, which
# would leave it with no policy at all) or decorating Wagtail's views one by one (they are not
# ours), portal.middleware.PortalCSPMiddleware swaps in ADMIN_CONTENT_SECURITY_POLICY under the
# admin's URL prefix: 'unsafe-inline' for scripts and styles there, without a nonce (a nonce
# would make browsers ignore 'unsafe-inline'), but still no foreign scripts, no plugins and no
# framing by other sites. Page previews are rendered under /admin/ and so get the admin policy.
# Served documents keep Wagtail's own `default-src 'none'` (WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT):
# django-csp never replaces a CSP header a view has set.
CSP_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *CSP_MEDIA_ORIGINS],
        "media-src": [SELF, *CSP_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *CSP_MEDIA_ORIGINS],
        "media-src": [SELF, "blob:", *CSP_MEDIA_ORIGINS],
        "font-src": [SELF, "data:"],
        # The dashboard's upgrade notice asks releases.wagtail.org for the latest version.
        "connect-src": [SELF, "https://releases.wagtail.org"],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

# Login throttling (django-axes, database handler so every gunicorn worker sees the same
# counts). Five failures for one username from one IP lock that pair out for 15 minutes, then
# the lock lifts by itself; another IP, or another username, is not affected. Behind a proxy,
# set AXES_PROXY_COUNT so the client's address is read from X-Forwarded-For.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
# The address is read by portal.accounts.throttling.client_ip_address through django-ipware:
# with AXES_PROXY_COUNT=N in the environment (ACCOUNTS_PROXY_COUNT here), the N-th address
# from the right of X-Forwarded-For (the one our outermost proxy saw), never an address the
# client wrote itself; with 0, REMOTE_ADDR.
ACCOUNTS_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "portal.accounts.throttling.client_ip_address"
# Every failure is kept (AccessFailureLog) for the "Nhật ký đăng nhập" report, as are
# successful logins (AccessLog).
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Admin accounts (portal/accounts, README "Security").
# Second factor (django-otp: TOTP and recovery codes; django-otp-webauthn: passkeys). Required
# for superusers and the groups named here (default: the Office, EXEMPLAR_STORIES
# ["REVIEWER_GROUP"]); offered to everyone else. A user who has a device always has to use it.
ACCOUNTS_SECOND_FACTOR_REQUIRED = env_bool("SECOND_FACTOR_REQUIRED", True)
ACCOUNTS_SECOND_FACTOR_GROUPS = env_list("SECOND_FACTOR_GROUPS") or None  # None: the Office
# Sessions end after this many idle minutes, and this many hours after login in any case.
ACCOUNTS_SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
ACCOUNTS_SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = ACCOUNTS_SESSION_MAX_HOURS * 60 * 60
# Accounts unused for this many days are disabled by `manage.py disable_dormant_accounts`.
ACCOUNTS_DORMANT_DAYS = int(os.environ.get("DORMANT_ACCOUNT_DAYS", "45"))
ACCOUNTS_DORMANT_EXEMPT_SUPERUSERS = env_bool("DORMANT_EXEMPT_SUPERUSERS", False)
OTP_TOTP_ISSUER = "Sở Tư pháp"
# Passkeys are a second factor only: the password (and its throttling) always comes first.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = "Cổng TTĐT Sở Tư pháp"

# Wagtail
WAGTAIL_SITE_NAME = "Cổng Thông tin điện tử Sở Tư pháp"
# One time zone for everyone (instead of ~600 English names in the account form).
WAGTAIL_USER_TIME_ZONES = ["Asia/Ho_Chi_Minh"]
# No Gravatar: the admin's CSP does not allow it, and staff photos do not leave the portal.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Passkeys belong to this domain (changing it later invalidates every passkey) and are accepted
# from these origins only; by default the host and origin of WAGTAILADMIN_BASE_URL.
_admin_base = urlsplit(WAGTAILADMIN_BASE_URL)
OTP_WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID") or _admin_base.hostname or "localhost"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("WEBAUTHN_ALLOWED_ORIGINS") or [
    f"{_admin_base.scheme}://{_admin_base.netloc}"
]
# Wagtail's database backend, with every query cleaned and capped (portal/search.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.search"}}
WAGTAIL_I18N_ENABLED = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Uploaded files are never rendered as HTML from our origin: no html/svg extensions for
# documents or images; documents go through Wagtail's serve view (never a redirect to the raw
# file), which sends everything but PDF and plain text as an attachment, with nosniff and
# `Content-Security-Policy: default-src 'none'`.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Wagtail's upload form, with that limit counted over every frame of an animation.
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.images.PortalImageForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# The plugin's one settings dictionary (defaults live in exemplar_stories/core/conf.py).
EXEMPLAR_STORIES = {
    "SYNDICATION_URL": os.environ.get("SYNDICATION_URL", ""),
    "SYNDICATION_SECRET": os.environ.get("SYNDICATION_SECRET", ""),
    # The email backend instead of the webhook (README "Syndication by email").
    "SYNDICATION_BACKEND": os.environ.get(
        "SYNDICATION_BACKEND", "exemplar_stories.syndication.backends.HTTPBackend"
    ),
    "SYNDICATION_MAILBOX": os.environ.get("SYNDICATION_MAILBOX", ""),
    "PAGE_CACHE_SECONDS": PAGE_CACHE_SECONDS,
}
