"""The demo content includes two years of registrations, and quarters that meet the duty and
quarters that miss it."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from exemplar_stories.duty.selectors import duty_history
from exemplar_stories.models import NomineeAward, Registration, RegistrationYear

from ..support.factories import vn_time


@pytest.mark.django_db
def test_demo_registrations_span_two_years_link_stories_and_load_idempotently(
    settings, monkeypatch
):
    settings.DEBUG = True
    monkeypatch.setattr(timezone, "now", lambda: vn_time(2026, 11, 26, 9, 0))
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

    states = {(row.year, row.quarter): row.state for row in duty_history()}
    assert states[(2025, 1)] == "met"
    assert states[(2025, 2)] == "missed"  # only a new model that quarter
    assert "met" in states.values() and "missed" in states.values()
