"""Admin logins are throttled per username and IP by django-axes, with a cool-off, not for ever."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from freezegun import freeze_time

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"
START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("vanphong", "vp@example.vn", "dung-mat-khau")


def login(client, password, username="vanphong", ip="203.0.113.7"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, times, **kwargs):
    for _ in range(times):
        response = login(client, "sai-mat-khau", **kwargs)
        assert response.status_code == 200  # the login form again, with its error


def lock_out(client, **kwargs):
    fail(client, settings.AXES_FAILURE_LIMIT - 1, **kwargs)
    assert login(client, "sai-mat-khau", **kwargs).status_code == 429


def test_settings_lock_a_username_and_ip_pair_for_a_while():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_a_correct_password_logs_in(client, editor):
    response = login(client, "dung-mat-khau")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_five_failures_lock_out_even_the_right_password_with_a_friendly_page(client, editor):
    with freeze_time(START):
        lock_out(client)
        response = login(client, "dung-mat-khau")
    assert response.status_code == 429
    assert "security/lockout.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in html  # "Too many login attempts"
    assert "15" in html  # the minutes to wait
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_cool_off(client, editor):
    with freeze_time(START) as clock:
        lock_out(client)
        clock.tick(datetime.timedelta(minutes=14))
        # Still locked; and trying again restarts the 15 minutes.
        assert login(client, "dung-mat-khau").status_code == 429
        clock.tick(datetime.timedelta(minutes=16))
        assert login(client, "dung-mat-khau").status_code == 302
        assert client.get("/admin/").status_code == 200


def test_the_lock_is_for_that_username_from_that_address_only(client, editor):
    get_user_model().objects.create_superuser("admin", "ad@example.vn", "mat-khau-admin")
    with freeze_time(START):
        lock_out(client)
        assert login(client, "dung-mat-khau", ip="198.51.100.20").status_code == 302
        client.logout()
        assert login(client, "mat-khau-admin", username="admin").status_code == 302


def test_a_successful_login_resets_the_count(client, editor):
    with freeze_time(START):
        fail(client, 4)
        assert login(client, "dung-mat-khau").status_code == 302
        client.logout()
        fail(client, 4)
        assert login(client, "dung-mat-khau").status_code == 302


def test_force_login_is_unaffected(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
