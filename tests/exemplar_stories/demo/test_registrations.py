"""The demo content includes two years of registrations, and quarters that meet the duty and
quarters that miss it."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from exemplar_stories.duty.selectors import duty_history
from exemplar_stories.models import NomineeAward, Registration, RegistrationYear

from ..support.factories import vn_time
from .test_receiver import dev_syndication  # noqa: F401 (the dev settings' demo receiver)


@pytest.mark.django_db
@pytest.mark.urls("tests.exemplar_stories.demo.test_receiver")
@pytest.mark.usefixtures("dev_syndication")
def test_demo_registrations_span_two_years_link_stories_and_load_idempotently(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    monkeypatch.setattr(timezone, "now", lambda: vn_time(2026, 11, 26, 9, 0))
    # As in `make run`: the demo's stories are delivered to the demo receiver (the duty needs it).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_content", verbosity=0)
    counts = (Registration.objects.count(), NomineeAward.objects.count())
    call_command("load_demo_content", verbosity=0)
    assert (Registration.objects.count(), NomineeAward.objects.count()) == counts

    assert set(Registration.objects.values_list("year", flat=True)) == {2025, 2026}
    assert RegistrationYear.objects.get(year=2025).closed
    assert not RegistrationYear.objects.get(year=2026).closed
    hong = Registration.objects.get(year=2025, nominee_name="Lâm Thị Hồng")
    assert hong.story is not None and hong.story.subject_name == "Lâm Thị Hồng"
    assert Registration.objects.filter(story=None).exists()  # some have no story yet

    from exemplar_stories.models import SyndicationDelivery
    from exemplar_stories.syndication.services import deliver_due

    # The rows were stamped with the real clock, later than this test's pinned one: make them due.
    SyndicationDelivery.objects.update(next_attempt_at=vn_time(2020, 1, 1))
    deliver_due(limit=1000)
    assert not SyndicationDelivery.objects.exclude(status="delivered").exists()
    states = {(row.year, row.quarter): row.state for row in duty_history()}
    assert states[(2025, 1)] == "met"
    assert states[(2025, 2)] == "missed"  # only a new model that quarter
    assert "met" in states.values() and "missed" in states.values()
