"""Issue #19, problem 1: behind the proxy, throttling must key on the real client address."""

import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings
from freezegun import freeze_time

from .helpers import LOGIN_URL, PASSWORD, office_user

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"  # the TLS proxy in front: every request comes from it
ATTACKER = "203.0.113.66"
VANPHONG = "198.51.100.7"
START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)  # 15:00 in Vietnam


@pytest.fixture
def behind_one_proxy(settings):
    settings.ACCOUNTS_PROXY_COUNT = 1


@pytest.fixture
def vanphong():
    return office_user()


def attempt(client, password, forwarded_for, remote_addr=PROXY):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(LOGIN_URL, {"username": "vanphong", "password": password}, **extra)


def lock_out(client, forwarded_for, remote_addr=PROXY):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "sai-mat-khau", forwarded_for, remote_addr).status_code == 200
    assert attempt(client, "sai-mat-khau", forwarded_for, remote_addr).status_code == 429


def test_an_attacker_behind_the_proxy_does_not_lock_out_the_real_user(
    client, behind_one_proxy, vanphong
):
    with freeze_time(START):
        lock_out(client, ATTACKER)
        assert attempt(client, PASSWORD, VANPHONG).status_code == 302


def test_the_attacker_stays_locked_out_from_their_own_address(client, behind_one_proxy, vanphong):
    with freeze_time(START):
        lock_out(client, ATTACKER)
        assert attempt(client, PASSWORD, ATTACKER).status_code == 429


def test_a_forged_forwarded_address_cannot_lock_out_someone_else(
    client, behind_one_proxy, vanphong
):
    # The attacker writes the victim's address; our proxy appends the attacker's real one.
    with freeze_time(START):
        lock_out(client, f"{VANPHONG}, {ATTACKER}")
        assert attempt(client, PASSWORD, VANPHONG).status_code == 302


def test_without_a_proxy_the_forwarded_header_is_not_believed(client, vanphong):
    with freeze_time(START):
        lock_out(client, VANPHONG, remote_addr=ATTACKER)
        assert attempt(client, PASSWORD, None, remote_addr=VANPHONG).status_code == 302


def test_the_trail_records_the_real_address(client, behind_one_proxy, vanphong):
    from axes.models import AccessFailureLog, AccessLog

    attempt(client, "sai-mat-khau", ATTACKER)
    attempt(client, PASSWORD, VANPHONG)
    assert list(AccessFailureLog.objects.values_list("ip_address", flat=True)) == [ATTACKER]
    assert list(AccessLog.objects.values_list("ip_address", flat=True)) == [VANPHONG]


def test_the_lockout_page_says_in_vietnamese_when_to_retry(client, behind_one_proxy, vanphong):
    with freeze_time(START):
        lock_out(client, ATTACKER)
        html = attempt(client, PASSWORD, ATTACKER).content.decode()
    assert "Đăng nhập sai quá nhiều lần" in html
    assert "Bạn có thể thử lại từ 15:15 ngày 02/03/2026" in html


def test_the_proxy_count_comes_from_the_environment():
    env = {**os.environ, "AXES_PROXY_COUNT": "2", "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    code = "import django; django.setup(); from django.conf import settings as s; print(s.ACCOUNTS_PROXY_COUNT)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "2"
