"""The retry window (SYNDICATION_RETRY_FOR) while the circuit is open or the address is gone:
only the probe is sent, so the other waiting deliveries give up by the clock, each once, and
the Office gets one email naming them all. A 410 holds deliveries past the window instead."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from exemplar_stories.models import DeliveryStatus, SyndicationDelivery, SyndicationTarget
from exemplar_stories.syndication import services

from ..support.factories import make_story

pytestmark = pytest.mark.django_db

# In the site language: the Office reads it in the log and the failure email.
GAVE_UP = "lần thử: nơi nhận không trả lời trong suốt thời gian thử lại."


@pytest.fixture
def office(django_user_model):
    user = django_user_model.objects.create_user("vp", "vanphong@example.vn", "pw")
    user.groups.add(Group.objects.get_or_create(name="Văn phòng Sở")[0])
    return user


def _open_circuit(receiver, stories=8):
    """Eight stories, the receiver down: five failures open the circuit, three never sent."""
    receiver.default = 503
    titles = [f"Gương {n}" for n in range(stories)]
    for title in titles:
        make_story(title)
    services.deliver_due()
    target = SyndicationTarget.objects.get(url=receiver.url)
    assert target.open_until is not None and len(receiver.received) == 5
    return titles


def test_while_the_circuit_is_open_every_waiting_delivery_gives_up_at_the_end_of_the_window(
    receiver, office, django_capture_on_commit_callbacks
):
    titles = _open_circuit(receiver)
    later = timezone.now() + timedelta(days=3, minutes=1)
    SyndicationTarget.objects.update(open_until=later + timedelta(hours=1))  # no probe yet
    with django_capture_on_commit_callbacks(execute=True):
        given_up = services.give_up_expired(now=later)
    assert len(receiver.received) == 5  # nothing sent: the circuit is still open
    assert sorted(d.story_title for d in given_up) == titles
    assert {d.status for d in given_up} == {DeliveryStatus.FAILED}
    rows = SyndicationDelivery.objects.all()
    assert {row.status for row in rows} == {DeliveryStatus.FAILED}
    for row in rows:
        assert row.last_error == f"Đã ngừng gửi sau {row.attempts} {GAVE_UP}"
    [message] = mail.outbox
    assert message.to == ["vanphong@example.vn"]
    for title in titles:
        assert message.body.count(f"- {title} (") == 1
    # Why, in the Office's language: the English of the code never reaches the email.
    assert message.body.count(GAVE_UP) == len(titles) and "Gave up" not in message.body
    # Given up once: a later run finds nothing more to give up, and mails nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.give_up_expired(now=later + timedelta(hours=1)) == []
    assert len(mail.outbox) == 1


def test_a_delivery_answered_while_the_cron_gives_up_keeps_its_answer(
    receiver, office, monkeypatch, django_capture_on_commit_callbacks
):
    """Another worker's probe is answered (200) between the moment the cron lists the expired
    deliveries and the moment it marks them failed: that delivery stays delivered, and the
    Office's email names only the others."""
    titles = _open_circuit(receiver)
    answered = SyndicationDelivery.objects.filter(attempts=1).earliest("pk")
    reason = services.office_text

    def answer_arrives_meanwhile(*args, **kwargs):  # runs after the listing, before the update
        SyndicationDelivery.objects.filter(pk=answered.pk).update(status=DeliveryStatus.DELIVERED)
        return reason(*args, **kwargs)

    monkeypatch.setattr(services, "office_text", answer_arrives_meanwhile)
    with django_capture_on_commit_callbacks(execute=True):
        given_up = services.give_up_expired(now=timezone.now() + timedelta(days=3, minutes=1))
    assert SyndicationDelivery.objects.get(pk=answered.pk).status == DeliveryStatus.DELIVERED
    assert sorted(d.story_title for d in given_up) == sorted(
        t for t in titles if t != answered.story_title
    )
    [message] = mail.outbox
    assert f"- {answered.story_title} (" not in message.body


def test_on_a_site_in_english_the_reason_has_its_plural(receiver, settings):
    """The plugin on a site whose language is English: one attempt, or none, in its words."""
    settings.LANGUAGE_CODE = "en"
    _open_circuit(receiver)
    services.give_up_expired(now=timezone.now() + timedelta(days=3, minutes=1))
    reasons = set(SyndicationDelivery.objects.values_list("attempts", "last_error"))
    why = "the receiver did not answer for the whole retry period."
    assert reasons == {
        (1, f"Gave up after 1 attempt: {why}"),
        (0, f"Gave up after 0 attempts: {why}"),
    }


def test_inside_the_window_nothing_gives_up_while_the_circuit_is_open(receiver):
    _open_circuit(receiver)
    assert services.give_up_expired(now=timezone.now() + timedelta(days=2, hours=23)) == []
    assert set(SyndicationDelivery.objects.values_list("status", flat=True)) == {"pending"}


def test_a_gone_address_holds_its_deliveries_past_the_window_until_re_enabled(
    receiver, django_capture_on_commit_callbacks
):
    """Circuit open, then the probe answered 410: the address is disabled. Four days later
    nothing has given up (the Office re-enables it once it works); re-enabled, every
    delivery goes out although its window has passed."""
    titles = _open_circuit(receiver)
    target = SyndicationTarget.objects.get()
    receiver.default = 410
    services.deliver_due(now=target.open_until)
    assert SyndicationTarget.objects.get().is_disabled
    four_days = timezone.now() + timedelta(days=4)
    services.deliver_due(now=four_days)
    assert set(SyndicationDelivery.objects.values_list("status", flat=True)) == {"pending"}
    receiver.default = 200
    SyndicationDelivery.objects.update(created_at=timezone.now() - timedelta(days=4))
    with django_capture_on_commit_callbacks(execute=True):
        services.reenable_target()
    assert set(SyndicationDelivery.objects.values_list("status", flat=True)) == {"delivered"}
    assert len(receiver.accepted()) == len(titles)


def test_only_the_configured_addresss_circuit_decides(receiver):
    """An address used before (its row kept, its circuit closed) does not stop the current
    one's deliveries from giving up."""
    SyndicationTarget.objects.create(url="https://cu.example.vn/hooks")  # older, lower pk
    _open_circuit(receiver)
    given_up = services.give_up_expired(now=timezone.now() + timedelta(days=3, minutes=1))
    assert len(given_up) == 8
