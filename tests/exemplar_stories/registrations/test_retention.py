"""Nominees' data is kept while the year is open and for the retention period after it closes;
then `manage.py purge_registrations` deletes exactly those rows and says what it did."""

import datetime
import io

import pytest
from django.core.management import call_command
from freezegun import freeze_time

from exemplar_stories.models import NomineeAward, Registration, RegistrationYear

from ..support.factories import make_story, make_unit
from ..support.registration_helpers import award, make_registration

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def close(year, on):
    return RegistrationYear.objects.create(
        year=year, closed=True, closed_at=datetime.datetime(*on, tzinfo=UTC)
    )


def purge(*args):
    out = io.StringIO()
    call_command("purge_registrations", *args, stdout=out)
    return out.getvalue()


def with_award(registration):
    NomineeAward.objects.create(
        registration=registration, award=award("Chiến sĩ thi đua cơ sở"), year=2019
    )
    return registration


@freeze_time("2031-03-01 09:00:00+07:00")
def test_retention_deletes_exactly_the_rows_past_the_period():
    unit = make_unit()
    close(2020, (2021, 1, 15))  # closed 10 years ago: past
    close(2025, (2026, 2, 1))  # closed 5 years and 1 month ago: past (default 5 years)
    close(2026, (2026, 3, 2))  # 5 years less a day: kept
    story = make_story("Gương Lâm Thị Hồng")
    old = [
        with_award(make_registration("Lâm Thị Hồng", year=2020, unit=unit, story=story)),
        make_registration("Trần Văn B", year=2025, unit=unit),
    ]
    kept = [
        make_registration("Lê Thị C", year=2026, unit=unit),
        make_registration("Phạm Văn D", year=2027, unit=unit),  # the year is still open
        make_registration("Võ Văn E", year=2019, unit=unit),  # never closed
    ]
    assert "would delete 1" in purge("--dry-run") or "sẽ xóa 1" in purge("--dry-run")
    assert Registration.objects.count() == 5

    out = purge()
    assert set(Registration.objects.values_list("pk", flat=True)) == {r.pk for r in kept}
    assert not NomineeAward.objects.filter(registration_id=old[0].pk).exists()
    assert "2020" in out and "2025" in out and "2026" not in out.replace("/2026", "")
    assert story.__class__.objects.filter(pk=story.pk).exists()  # the story stays
    assert "2020" not in purge() and Registration.objects.count() == 3  # nothing more to do


@freeze_time("2031-03-01 09:00:00+07:00")
def test_the_retention_period_is_a_setting(settings):
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "REGISTRATION_RETENTION_YEARS": 10}
    close(2025, (2026, 2, 1))
    make_registration("Trần Văn B", year=2025, unit=make_unit())
    purge()
    assert Registration.objects.count() == 1
