"""`check_quarterly_duty`, run by cron: warns the Office once per quarter at risk."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from exemplar_stories.models import DutyAlert

from ..support.factories import make_story, vn_time
from ..support.registration_helpers import make_editor, make_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def at(monkeypatch):
    def freeze(*args):
        moment = vn_time(*args)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze


def run():
    out = io.StringIO()
    call_command("check_quarterly_duty", stdout=out, stderr=out)
    return out.getvalue()


def test_the_office_is_emailed_once_when_the_duty_is_at_risk(at):
    make_office("vanphong")
    make_office("vanphong2")
    make_editor("bientap")
    at(2026, 12, 5, 7, 0)
    run()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["vanphong2@example.vn", "vanphong@example.vn"]
    assert "4/2026" in message.subject
    assert "/admin/exemplar-reports/quarterly-duty/" in message.body
    assert DutyAlert.objects.filter(year=2026, quarter=4).exists()

    # Cron runs every day: no second email for the same quarter.
    at(2026, 12, 6, 7, 0)
    run()
    run()
    assert len(mail.outbox) == 1


def test_an_office_member_whose_account_was_closed_is_not_emailed(at):
    make_office("vanphong")
    closed = make_office("vanphong.cu")
    closed.is_active = False
    closed.save()
    at(2026, 12, 5, 7, 0)
    run()
    assert [message.to for message in mail.outbox] == [["vanphong@example.vn"]]


def test_no_email_while_more_than_30_days_remain(at):
    make_office()
    at(2026, 11, 26, 7, 0)  # 36 days left
    run()
    assert mail.outbox == []
    assert not DutyAlert.objects.exists()


def test_no_email_when_an_exemplar_is_already_published_and_sent(at):
    from exemplar_stories.models import SyndicationDelivery

    make_office()
    page = make_story("Gương tháng mười", published_at=vn_time(2026, 10, 20))
    SyndicationDelivery.objects.create(
        event="story.published",
        page=page,
        story_uuid=page.syndication_uuid,
        story_title=page.title,
        body="{}",
        status="delivered",
    )
    at(2026, 12, 20, 7, 0)
    run()
    assert mail.outbox == []


def test_an_exemplar_published_but_not_sent_still_warns_and_says_so(at):
    make_office()
    make_story("Gương tháng mười", published_at=vn_time(2026, 10, 20))
    at(2026, 12, 20, 7, 0)
    run()
    assert len(mail.outbox) == 1
    assert "chưa có gương điển hình nào của quý này được gửi sang Sở Nội vụ" in mail.outbox[0].body


def test_a_new_model_alone_does_not_meet_the_duty(at):
    make_office()
    make_story("Mô hình", kind="new_model", published_at=vn_time(2026, 10, 20))
    at(2026, 12, 20, 7, 0)
    run()
    assert len(mail.outbox) == 1


def test_the_next_quarter_at_risk_gets_its_own_email(at):
    make_office()
    at(2026, 12, 20, 7, 0)
    run()
    at(2027, 3, 10, 7, 0)
    run()
    assert len(mail.outbox) == 2
    assert set(DutyAlert.objects.values_list("year", "quarter")) == {(2026, 4), (2027, 1)}


def test_nothing_is_recorded_when_the_office_has_no_email(at):
    make_office(email="")
    at(2026, 12, 20, 7, 0)
    run()
    assert mail.outbox == []
    assert not DutyAlert.objects.exists()  # so the warning goes once an email is added


def test_a_failed_send_is_retried_on_the_next_run(at, monkeypatch):
    from exemplar_stories.duty import mail as notifications

    make_office()
    at(2026, 12, 20, 7, 0)

    def broken(**kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(notifications, "send_duty_at_risk", broken)
    with pytest.raises(OSError):
        run()
    assert not DutyAlert.objects.exists()
    monkeypatch.undo()
    at(2026, 12, 21, 7, 0)
    run()
    assert len(mail.outbox) == 1
