"""Rules in time: the road to high awards applies the rules in force for the year assessed,
with their legal basis, and follows a nominee across a merger of their unit."""

import datetime

import pytest

from exemplar_stories.models import AwardRule, NomineeAward
from exemplar_stories.registrations.roadmap import roadmap
from exemplar_stories.taxonomy.services import record_unit_change

from ..support.factories import make_unit
from ..support.registration_helpers import ROADMAP_URL, award, make_office, make_registration

pytestmark = pytest.mark.django_db

KE_SACH = "Phòng Tư pháp huyện Kế Sách"


def nominee(year, unit, target, held):
    registration = make_registration("Lâm Thị Hồng", unit=unit, year=year, target_award=target)
    for name, years in held.items():
        for y in years:
            NomineeAward.objects.create(registration=registration, award=award(name), year=y)
    return registration


def test_the_same_history_gets_different_answers_under_two_rule_periods():
    """An Office-recorded change of rule: two consecutive years until 2023, three from 2024."""
    target, prerequisite = award("Cờ thi đua của Bộ Tư pháp"), award("Tập thể lao động xuất sắc")
    target.rules.all().delete()
    AwardRule.objects.create(
        award=target,
        prerequisite=prerequisite,
        consecutive_years=2,
        to_year=2023,
        legal_basis="Quy tắc cũ",
    )
    AwardRule.objects.create(
        award=target,
        prerequisite=prerequisite,
        consecutive_years=3,
        from_year=2024,
        legal_basis="Quy tắc mới",
    )
    held = {"Tập thể lao động xuất sắc": [2022, 2023]}
    (under_old,) = roadmap([nominee(2023, make_unit("Thanh tra Sở"), target, held)])
    (under_new,) = roadmap([nominee(2024, make_unit("Văn phòng Sở"), target, held)])
    assert (under_old.steps[0].met, under_old.steps[0].legal_basis) == (True, "Quy tắc cũ")
    assert (under_new.steps[0].remaining, under_new.steps[0].legal_basis) == (1, "Quy tắc mới")


def test_the_seeded_rules_follow_the_2003_law_until_2023_and_the_2022_law_from_2024():
    unit = make_unit(KE_SACH)
    target = award("Chiến sĩ thi đua cơ sở")
    held = {"Lao động tiên tiến": [2022]}
    (old,) = roadmap([nominee(2023, unit, target, held)])
    (new,) = roadmap(
        [nominee(2024, make_unit("Thanh tra Sở"), target, {"Lao động tiên tiến": [2023]})]
    )
    assert old.steps[0].requires_initiative is True  # Art. 23 of the 2003 Law: an initiative
    assert "2003" in old.steps[0].legal_basis
    assert new.steps[0].requires_initiative is False  # Art. 23 of Law 06/2022/QH15: or excellent
    assert "06/2022/QH15" in new.steps[0].legal_basis
    national = award("Chiến sĩ thi đua toàn quốc")
    assert [r.period for r in national.rules.order_by("sort_order")] == ["…–2023", "2024–…"]


def test_the_roadmap_screen_names_the_legal_basis_and_stays_guidance(client):
    unit = make_unit(KE_SACH)
    nominee(
        2026, unit, award("Chiến sĩ thi đua cấp bộ, cấp tỉnh"), {"Chiến sĩ thi đua cơ sở": [2025]}
    )
    client.force_login(make_office())
    text = client.get(ROADMAP_URL + "?year=2026").content.decode()
    assert "Điều 22, Luật Thi đua, khen thưởng số 06/2022/QH15" in text
    assert "Chỉ để tham khảo, không phải tư vấn pháp lý" in text
    assert "sáng kiến được công nhận" in text


def test_a_nominee_keeps_their_history_when_their_unit_merges():
    old_unit, new_unit = make_unit(KE_SACH), make_unit("Công chức Tư pháp – Hộ tịch xã Kế Sách")
    earlier = make_registration("Lâm Thị Hồng", unit=old_unit, year=2024)
    for y in (2023, 2024):
        NomineeAward.objects.create(
            registration=earlier, award=award("Chiến sĩ thi đua cơ sở"), year=y
        )
    record_unit_change(
        units=[old_unit],
        kind="merged_into",
        successors=[new_unit],
        effective_date=datetime.date(2025, 7, 1),
        decision_number="202/2025/QH15",
    )
    current = make_registration(
        "Lâm Thị Hồng",
        unit=new_unit,
        year=2025,
        target_award=award("Chiến sĩ thi đua cấp bộ, cấp tỉnh"),
    )
    (entry,) = roadmap([current])
    assert [h.year for h in entry.held] == [2023, 2024]
    assert (entry.steps[0].streak, entry.steps[0].remaining) == (2, 1)
