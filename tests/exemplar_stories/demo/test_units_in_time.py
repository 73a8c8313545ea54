"""The demo shows the merged Department (from 1 July 2025) with its history: the 2019 Sóc Trăng
units are former units mapped to their successors, and stories come from both periods."""

import datetime

import pytest
from django.core.management import call_command

from exemplar_stories.core.reference_data import SUCCESSORS_2025, UNITS_2025
from exemplar_stories.models import Registration, StoryPage, Unit, UnitChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)


def test_the_demo_has_the_merged_department_and_the_2019_units_as_former_units(demo):
    current = set(Unit.objects.filter(active=True).values_list("name", flat=True))
    assert {name for name, _type in UNITS_2025} <= current
    ke_sach = Unit.objects.get(name="Phòng Tư pháp huyện Kế Sách")
    assert (ke_sach.active, ke_sach.valid_to) == (False, datetime.date(2025, 6, 30))
    assert ke_sach.now_part_of == SUCCESSORS_2025[ke_sach.name]
    assert UnitChange.objects.count() == len(SUCCESSORS_2025)
    office = UnitChange.objects.get(predecessor__name="Văn phòng Sở")
    assert office.decision_number == "202/2025/QH15"
    call_command("load_demo_content", verbosity=0)  # loaded again: nothing recorded twice
    assert UnitChange.objects.count() == len(SUCCESSORS_2025)


def test_the_demo_shows_stories_and_registrations_from_both_periods(demo, client):
    live = StoryPage.objects.live()
    assert live.filter(unit__active=False).exists() and live.filter(unit__active=True).exists()
    assert Registration.objects.filter(year=2025, unit__active=False).exists()
    assert Registration.objects.filter(year=2026, unit__active=True).exists()
    old_story = live.filter(unit__name="Phòng Tư pháp huyện Kế Sách").first()
    text = client.get(old_story.url).content.decode()
    assert (
        f"Phòng Tư pháp huyện Kế Sách (nay là {SUCCESSORS_2025['Phòng Tư pháp huyện Kế Sách']})"
        in text
    )


def test_the_demo_editors_reach_their_units_stories_of_both_periods(demo, client):
    """bientap.kesach works for the communes' justice officers of the former Kế Sách, Châu
    Thành and Mỹ Tú districts and keeps the Kế Sách district office's stories of before the
    merger; bientap.thanhtra the merged inspectorate's. Neither reaches the other's."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    live = StoryPage.objects.live()
    communes = SUCCESSORS_2025["Phòng Tư pháp huyện Kế Sách"]
    before = live.filter(unit__name="Phòng Tư pháp huyện Kế Sách").first()
    after = live.filter(unit__name=communes).first()
    inspectorate = live.filter(unit__name="Thanh tra Sở Tư pháp thành phố Cần Thơ").first()
    assert None not in (before, after, inspectorate)
    client.force_login(User.objects.get(username="bientap.kesach"))
    listing = client.get(f"/admin/pages/{before.get_parent().pk}/").content.decode()
    for story in (before, after):
        assert story.title in listing
        assert client.get(f"/admin/pages/{story.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{inspectorate.pk}/edit/").status_code in (302, 403)
    client.force_login(User.objects.get(username="bientap.thanhtra"))
    assert client.get(f"/admin/pages/{inspectorate.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{before.pk}/edit/").status_code in (302, 403)


def test_the_end_of_the_district_level_cites_the_law_that_ended_it(demo):
    change = UnitChange.objects.get(predecessor__name="Phòng Tư pháp huyện Kế Sách")
    assert change.decision_number == "72/2025/QH15"
    assert change.decision_date == datetime.date(2025, 6, 16)
