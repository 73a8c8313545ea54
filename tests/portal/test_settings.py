"""Production settings are checked in a subprocess: they are read once, at start-up."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "tuphap.soctrang.example.vn",
    "WAGTAILADMIN_BASE_URL": "https://tuphap.soctrang.example.vn",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _manage(*args, env):
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_load_without_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_speak_vietnamese_in_vietnam(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ
    assert "en" in dict(settings.LANGUAGES)
    assert settings.WAGTAIL_SITE_NAME == "Cổng Thông tin điện tử Sở Tư pháp"


def test_suite_runs_on_the_database_ci_asked_for(db):
    # .ci/run runs the suite twice; the second pass must really be on PostgreSQL.
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_dates_are_read_day_first_in_vietnamese():
    from django import forms
    from django.utils import translation

    with translation.override("vi"):
        field = forms.DateTimeField()
        value = field.clean("05/12/2026 08:00")
    assert (value.day, value.month, value.year, value.hour) == (5, 12, 2026, 8)


def test_media_stay_on_the_local_disk_without_a_bucket(settings):
    assert settings.STORAGES["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )


S3_PROBE = """
import json
from django.conf import settings
from django.core.files.storage import storages
storage = storages["default"]
print(json.dumps({
    "storage": settings.STORAGES["default"],
    "docs_serve_method": settings.WAGTAILDOCS_SERVE_METHOD,
    "class": type(storage).__module__ + "." + type(storage).__name__,
    "image_url": storage.url("images/anh.jpg"),
}))
"""


def test_production_settings_put_media_on_s3_when_a_bucket_is_set():
    # django-storages is in the test extra, so this runs everywhere (it builds the settings and
    # a URL, no network).
    env = {
        **PRODUCTION_ENV,
        "AWS_STORAGE_BUCKET_NAME": "portal-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.vn",
        "AWS_S3_REGION_NAME": "hcm-1",
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "secret-example",
        "AWS_S3_CUSTOM_DOMAIN": "media.tuphap.example.vn",
    }
    result = _manage("shell", "-c", S3_PROBE, env=env)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    options = found["storage"]["OPTIONS"]
    assert found["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert found["class"] == "storages.backends.s3.S3Storage"
    assert options["bucket_name"] == "portal-media"
    assert options["endpoint_url"] == "https://s3.example.vn"
    assert options["region_name"] == "hcm-1"
    assert (options["access_key"], options["secret_key"]) == ("AKIDEXAMPLE", "secret-example")
    assert options["file_overwrite"] is False and options["default_acl"] is None
    # Image renditions from the public domain; documents keep going through Wagtail's view.
    assert found["image_url"] == "https://media.tuphap.example.vn/images/anh.jpg"
    assert found["docs_serve_method"] == "serve_view"
