"""The duty's arithmetic: the alert threshold's boundary and which deliveries count."""

import uuid

import pytest

from exemplar_stories.duty.selectors import current_duty, duty_history, quarter_duty
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


# --- the clock and the quarters the report reads (mutation testing, issue #21) ------------------


def test_the_current_duty_is_the_quarter_of_the_given_moment(requires_delivery):
    make_story("Gương sáng", published_at=vn_time(2030, 2, 1, 9, 0))
    duty = current_duty(now=vn_time(2030, 3, 20, 9, 0))
    assert (duty.year, duty.quarter) == (2030, 1)
    assert duty.is_current and duty.days_left == 12  # 20 to 31 March
    assert duty.exemplars == 1
    assert duty.state == "at_risk"  # published, not yet sent to Sở Nội vụ


def test_a_quarter_counts_only_its_own_stories_not_the_same_quarter_of_another_year():
    make_story("Năm trước", published_at=vn_time(2029, 11, 1, 9, 0))  # 4/2029
    make_story("Quý trước", published_at=vn_time(2030, 8, 1, 9, 0))  # 3/2030
    duty = quarter_duty(2030, 4, now=vn_time(2030, 12, 20, 9, 0))
    assert duty.total == 0
    assert duty.missing == "both" and duty.state == "at_risk"


def test_the_history_runs_from_the_first_storys_quarter_to_the_given_moment_newest_first(
    requires_delivery,
):
    make_story("Một", published_at=vn_time(2029, 11, 1, 9, 0))
    make_story("Hai", published_at=vn_time(2029, 12, 1, 9, 0))
    make_story("Mô hình", kind="new_model", published_at=vn_time(2029, 12, 2, 9, 0))
    make_story("Ba", published_at=vn_time(2030, 5, 1, 9, 0))
    rows = duty_history(now=vn_time(2030, 8, 10, 9, 0))
    assert [row.label for row in rows] == ["3/2030", "2/2030", "1/2030", "4/2029"]
    counts = [(row.exemplars, row.new_models, row.total) for row in rows]
    assert counts == [(0, 0, 0), (1, 0, 1), (0, 0, 0), (2, 1, 3)]
    assert [row.state for row in rows] == ["open", "missed", "missed", "missed"]
    assert rows[0].days_left == 52  # 10 August to 30 September


def test_the_history_without_any_story_is_the_current_quarter_alone():
    rows = duty_history(now=vn_time(2030, 8, 10, 9, 0))
    assert [(row.label, row.total, row.state) for row in rows] == [("3/2030", 0, "open")]
