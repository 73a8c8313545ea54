"""Issue #19, problem 2: admin sessions end after 30 idle minutes and 12 hours in any case."""

import datetime

import pytest
from django.conf import settings
from freezegun import freeze_time

from .helpers import editor_user, password_step

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)


def test_the_limits_are_settings():
    assert settings.ACCOUNTS_SESSION_IDLE_MINUTES == 30
    assert settings.ACCOUNTS_SESSION_MAX_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60


def test_a_session_ends_after_30_idle_minutes_through_the_admins_login_redirect(client):
    editor_user()
    with freeze_time(START) as clock:
        password_step(client, "bientap.kesach")
        clock.tick(datetime.timedelta(minutes=29))
        assert client.get("/admin/account/").status_code == 200
        clock.tick(datetime.timedelta(minutes=31))
        response = client.get("/admin/account/")
        assert response.status_code == 302
        assert response["Location"] == "/admin/login/?next=/admin/account/"
        login_page = client.get(response["Location"]).content.decode()
    assert "_auth_user_id" not in client.session
    assert "Phiên làm việc đã kết thúc sau 30 phút không hoạt động" in login_page


def test_activity_keeps_a_session_for_at_most_12_hours(client):
    editor_user()
    with freeze_time(START) as clock:
        password_step(client, "bientap.kesach")
        for _ in range(35):  # 11 h 40 min, a request every 20 minutes
            clock.tick(datetime.timedelta(minutes=20))
            assert client.get("/admin/").status_code == 200
        clock.tick(datetime.timedelta(minutes=21))
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
        html = client.get(response["Location"]).content.decode()
    assert "mỗi phiên kéo dài tối đa 12 giờ" in html


def test_the_editing_sessions_ping_does_not_keep_a_session_alive(client):
    from wagtail.models import Page

    editor_user(is_superuser=True)
    page = Page.objects.filter(depth=2).first()
    with freeze_time(START) as clock:
        password_step(client, "bientap.kesach")
        for _ in range(4):
            clock.tick(datetime.timedelta(minutes=10))
            client.post(f"/admin/editing-sessions/ping/wagtailcore/page/{page.pk}/0/")
        response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_the_limits_can_be_changed(client, settings):
    settings.ACCOUNTS_SESSION_IDLE_MINUTES = 5
    editor_user()
    with freeze_time(START) as clock:
        password_step(client, "bientap.kesach")
        clock.tick(datetime.timedelta(minutes=6))
        assert client.get("/admin/").status_code == 302
