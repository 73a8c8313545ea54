"""Syndication by email (EmailBackend) against a real SMTP server on 127.0.0.1 (aiosmtpd): the
story as HTML with its images, updates and withdrawals in order, and SMTP failures mapped onto
the outbox as HTTP failures are (down or 4xx: retried; 5xx: failed)."""

import json

import pytest
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from exemplar_stories.models import DeliveryStatus, SyndicationDelivery
from exemplar_stories.syndication.checks import check_syndication_settings

from ..support.clock import Clock, waiting
from ..support.factories import make_story
from ..support.smtp import BOARD_MAILBOX

pytestmark = pytest.mark.django_db

EMAIL_BACKEND = "exemplar_stories.syndication.email_backend.EmailBackend"


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def subject(message):
    # Django folds an encoded subject onto a continuation line; readers drop the fold's space.
    return str(message["Subject"]).strip()


def html_part(message):
    return message.get_body(preferencelist=("html",)).get_content()


def image_parts(message):
    return [part for part in message.walk() if part.get_content_maintype() == "image"]


def test_a_published_story_arrives_as_html_with_its_images_inline(mail_server, publish):
    hero = Image.objects.create(title="Ảnh chính", file=get_test_image_file())
    inside = Image.objects.create(title="Ảnh trong bài", file=get_test_image_file(colour="red"))
    story = publish(
        make_story,
        "Gương <sáng> & tận tụy",
        hero_image=hero,
        hero_image_alt="Chị Lan tại buổi trợ giúp pháp lý",
        body=[
            ("paragraph", RichText("<p>Chị Lan <b>tận tụy</b>.</p><script>alert(1)</script>")),
            ("image", {"image": inside, "alt": "Buổi tuyên truyền", "caption": "Ảnh: Thu"}),
        ],
    )
    delivery = SyndicationDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.url == f"mailto:{BOARD_MAILBOX}"
    [message] = mail_server.to_board()
    assert message["To"] == BOARD_MAILBOX
    assert subject(message) == "Tin bài mới: Gương <sáng> & tận tụy"
    assert message["Message-ID"] == f"<{delivery.webhook_id}@tuphap.example.vn>"
    assert message["X-Exemplar-Story-Id"] == f"urn:uuid:{story.syndication_uuid}"
    assert message["X-Exemplar-Event"] == "story.published"
    html = html_part(message)
    # The payload's cleaned body; the title escaped, no script.
    assert "<b>tận tụy</b>" in html
    assert "Gương &lt;sáng&gt; &amp; tận tụy" in html
    assert "<script" not in html and "alert(1)" not in html
    assert "Buổi tuyên truyền" in html and "Ảnh: Thu" in html
    # Both renditions attached inline, and the HTML shows them by Content-ID.
    images = image_parts(message)
    assert len(images) == 2
    for part in images:
        assert part["Content-Disposition"].startswith("inline")
        assert f'src="cid:{part["Content-ID"].strip("<>")}"' in html
    assert "http://localhost/media/images/" not in html.split("<hr>")[0]
    # The exact JSON of the outbox rides along.
    [payload] = [
        p for p in message.iter_attachments() if p.get_content_type() == "application/json"
    ]
    assert json.loads(payload.get_content()) == json.loads(delivery.body)
    # A plain-text part for readers without HTML.
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Tóm tắt câu chuyện." in text and story.get_full_url() in text


def test_update_and_withdrawal_arrive_in_order_withdrawal_as_a_short_notice(mail_server, publish):
    story = publish(make_story, "Gương sáng")
    story.title = "Gương sáng (cập nhật)"
    publish(lambda: story.save_revision().publish(skip_permission_checks=True))
    publish(story.unpublish)
    messages = mail_server.to_board()
    assert [subject(m) for m in messages] == [
        "Tin bài mới: Gương sáng",
        "Cập nhật tin bài: Gương sáng (cập nhật)",
        "Rút tin bài: Gương sáng (cập nhật)",
    ]
    assert [m["X-Exemplar-Event"] for m in messages] == [
        "story.published",
        "story.updated",
        "story.withdrawn",
    ]
    notice = messages[-1]
    assert notice.get_content_type() == "text/plain"
    body = notice.get_content()
    assert "đã rút tin bài “Gương sáng (cập nhật)”" in body
    assert f"urn:uuid:{story.syndication_uuid}" in body
    assert len(body) < 600


def test_a_mail_server_that_is_down_is_retried_and_the_story_arrives(mail_server, publish):
    mail_server.stop()
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error.startswith("Gửi không thành công (ConnectionRefusedError: ")
    assert delivery.next_attempt_at is not None
    mail_server.start()
    Clock(publish).run_for(3600, until=lambda: not waiting())
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert len(mail_server.to_board()) == 1


def test_a_temporary_smtp_refusal_is_retried(mail_server, publish):
    mail_server.script = ["451 4.3.0 Mailbox busy, try again later"]
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code == 451
    assert delivery.last_error.startswith("Máy chủ thư trả lời 451: ")
    Clock(publish).run_for(3600, until=lambda: not waiting())
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert [answer for _, answer in mail_server.attempts] == [
        "451 4.3.0 Mailbox busy, try again later",
        "250 OK",
    ]
    assert len(mail_server.to_board()) == 1


def test_a_permanent_smtp_refusal_fails_for_good_and_is_not_retried(mail_server, publish):
    mail_server.default = "550 5.1.1 Mailbox unavailable"
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_status_code == 550 and "Mailbox unavailable" in delivery.last_error
    Clock(publish).run_for(24 * 3600)
    assert len(mail_server.attempts) == 1
    assert mail_server.to_board() == []


def test_a_hanging_mail_server_is_cut_at_the_deadline(mail_server, publish, settings):
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SYNDICATION_TIMEOUT": 1}
    mail_server.script = [("sleep", 5)]
    publish(make_story, "Gương sáng")
    delivery = SyndicationDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert "Hết thời gian chờ" in delivery.last_error


def test_an_outage_opens_the_circuit_as_for_the_webhook(mail_server, publish):
    mail_server.stop()
    for n in range(12):
        make_story(f"Gương {n}")  # rows written, nothing sent yet (no commit captured)
    mail_server.start()
    mail_server.default = "421 4.3.2 Service not available"
    call_command("deliver_syndication", verbosity=0)
    assert len(mail_server.attempts) == 5  # then one probe at a time
    mail_server.default = "250 OK"
    Clock(publish).run_for(3600, until=lambda: not waiting())
    assert len(mail_server.to_board()) == 12


# --- the system check ------------------------------------------------------------------------


def _email_settings(settings, **extra):
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_BACKEND": EMAIL_BACKEND,
        **extra,
    }


def test_the_email_backend_needs_the_boards_mailbox(settings):
    _email_settings(settings, SYNDICATION_MAILBOX="")
    assert [e.id for e in check_syndication_settings()] == ["exemplar_stories.E014"]


def test_the_email_backend_refuses_a_mailbox_that_is_not_an_address(settings):
    _email_settings(settings, SYNDICATION_MAILBOX="ban thi đua")
    assert [e.id for e in check_syndication_settings()] == ["exemplar_stories.E015"]


def test_the_email_backend_with_a_mailbox_passes_the_check(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    _email_settings(settings, SYNDICATION_MAILBOX=BOARD_MAILBOX)
    assert check_syndication_settings() == []
