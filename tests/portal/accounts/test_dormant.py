"""Dormant accounts: disabled after N days unused (cron command), the Office told once."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import ModelLogEntry

from .helpers import editor_user, make_user, office_user

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 1, 1, 0, tzinfo=datetime.UTC)  # the frozen clock's "today"


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def accounts():
    """Made under the frozen clock, so that every date is relative to it."""
    office = office_user(last_login=days_ago(1))
    return {
        "office": office,
        "old": editor_user("bientap.cu", last_login=days_ago(46)),
        "recent": editor_user("bientap.moi", last_login=days_ago(44)),
        "never": make_user("chua.dang.nhap", date_joined=days_ago(50)),
        "new": make_user("vua.tao", date_joined=days_ago(3)),
        "admin": make_user("admin", superuser=True, last_login=days_ago(60)),
    }


def run(*args):
    call_command("disable_dormant_accounts", *args, stdout=open("/dev/null", "w"))


def test_accounts_unused_for_45_days_are_disabled_and_the_office_emailed_once(settings, accounts):
    with freeze_time(NOW):
        run()
        active = {name for name, user in accounts.items() if _reload(user).is_active}
        assert active == {"office", "recent", "new"}
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["vanphong@example.vn"]
        assert "bientap.cu" in message.body and "chua.dang.nhap" in message.body
        assert "admin" in message.body and "bientap.moi" not in message.body
        assert "chưa đăng nhập lần nào" in message.body
        assert message.subject == "Đã khóa 3 tài khoản quản trị không sử dụng trong 45 ngày"
        entry = ModelLogEntry.objects.get(
            action="portal_accounts.disabled_dormant", object_id=str(accounts["old"].pk)
        )
        assert entry.message == "Đã khóa: không sử dụng trong 45 ngày"

        run()  # the next day's run: nothing new, no second email
        assert len(mail.outbox) == 1


def test_the_next_run_catches_an_account_as_it_turns_dormant(accounts):
    with freeze_time(NOW) as clock:
        run()
        clock.tick(datetime.timedelta(days=2))
        run()
        assert not _reload(accounts["recent"]).is_active
        assert len(mail.outbox) == 2 and "bientap.moi" in mail.outbox[1].body


def test_superusers_are_exempt_only_when_a_setting_says_so(settings, accounts):
    settings.ACCOUNTS_DORMANT_EXEMPT_SUPERUSERS = True
    with freeze_time(NOW):
        run()
        assert _reload(accounts["admin"]).is_active
        assert not _reload(accounts["old"]).is_active


def test_the_number_of_days_is_a_setting(settings, accounts):
    settings.ACCOUNTS_DORMANT_DAYS = 2
    with freeze_time(NOW):
        run()
        assert not _reload(accounts["new"]).is_active
        assert _reload(accounts["office"]).is_active


def test_a_dry_run_changes_nothing(accounts):
    with freeze_time(NOW):
        run("--dry-run")
        assert _reload(accounts["old"]).is_active
        assert not mail.outbox


def _reload(user):
    user.refresh_from_db()
    return user


@pytest.fixture(autouse=True)
def _frozen_for_fixtures():
    with freeze_time(NOW):
        yield
