"""The duty's arithmetic: the alert threshold's boundary and which deliveries count."""

import uuid

import pytest

from exemplar_stories.duty.selectors import duty_history, quarter_duty
from exemplar_stories.models import DeliveryStatus, SyndicationDelivery, SyndicationEvent

from ..support.factories import make_story, vn_time

pytestmark = pytest.mark.django_db


@pytest.fixture
def requires_delivery(settings):
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "DUTY_ALERT_DAYS": 30,
        "DUTY_REQUIRES_DELIVERY": True,
    }


def deliver(story, status, event=SyndicationEvent.PUBLISHED):
    return SyndicationDelivery.objects.create(
        event=event,
        page=story,
        story_uuid=uuid.uuid4(),
        story_title=story.title,
        body="{}",
        status=status,
    )


@pytest.mark.parametrize(
    ("day", "days_left", "at_risk"),
    [(1, 31, False), (2, 30, False), (3, 29, True), (31, 1, True)],
)
def test_the_alert_starts_when_fewer_than_30_days_are_left(settings, day, days_left, at_risk):
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "DUTY_ALERT_DAYS": 30}
    duty = quarter_duty(2030, 4, now=vn_time(2030, 12, day, 9, 0))
    assert duty.is_current and not duty.met
    assert duty.days_left == days_left
    assert duty.at_risk is at_risk
    assert duty.state == ("at_risk" if at_risk else "open")


@pytest.mark.parametrize(
    ("status", "counted"),
    [
        (DeliveryStatus.DELIVERED, True),
        (DeliveryStatus.PENDING, False),
        (DeliveryStatus.FAILED, False),
    ],
)
def test_only_a_delivered_publication_counts_for_the_duty(requires_delivery, status, counted):
    story = make_story("Gương sáng", published_at=vn_time(2030, 11, 1, 9, 0))
    deliver(story, status)
    now = vn_time(2030, 12, 20, 9, 0)
    duty = quarter_duty(2030, 4, now=now)
    assert duty.exemplars == 1
    assert duty.delivered == (1 if counted else 0)
    assert duty.met is counted
    assert duty.state == ("met" if counted else "at_risk")
    history = {(row.year, row.quarter): row for row in duty_history(now=now)}
    assert history[(2030, 4)].delivered == (1 if counted else 0)


def test_an_update_or_a_new_model_delivered_does_not_count(requires_delivery):
    exemplar = make_story("Gương sáng", published_at=vn_time(2030, 11, 1, 9, 0))
    model = make_story("Mô hình", kind="new_model", published_at=vn_time(2030, 11, 2, 9, 0))
    deliver(exemplar, DeliveryStatus.DELIVERED, event=SyndicationEvent.UPDATED)
    deliver(model, DeliveryStatus.DELIVERED)
    duty = quarter_duty(2030, 4, now=vn_time(2030, 12, 20, 9, 0))
    assert (duty.exemplars, duty.new_models, duty.delivered) == (1, 1, 0)
    assert not duty.met
