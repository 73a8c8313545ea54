"""Units in time: the Office merges or renames units in one admin action; every story,
registration and yearly review keeps the unit it was written for, shown with "nay là …"."""

import datetime

import pytest

from exemplar_stories.models import NomineeAward, Registration, StoryPage, Unit, UnitChange

from ..support.factories import make_index, make_story, make_unit, vn_time
from ..support.registration_helpers import (
    LIST_URL,
    award,
    make_editor,
    make_office,
    make_registration,
)

pytestmark = pytest.mark.django_db

CHANGE_URL = "/admin/exemplar-units/change/"
REVIEW_URL = "/admin/exemplar-reports/yearly-review/"
KE_SACH = "Phòng Tư pháp huyện Kế Sách"
MY_TU = "Phòng Tư pháp huyện Mỹ Tú"
COMMUNES = "Công chức Tư pháp – Hộ tịch các xã khu vực Kế Sách, Mỹ Tú"
NOW = f"(nay là {COMMUNES})"


@pytest.fixture
def office():
    return make_office()


@pytest.fixture
def history():
    """Two district offices with a 2024 story each and a 2024 registration with an award."""
    ke_sach, my_tu = make_unit(KE_SACH), make_unit(MY_TU)
    story = make_story("Chị Hồng ở Đại Hải", unit=ke_sach, published_at=vn_time(2024, 5, 2))
    make_story("Tổ hòa giải Mỹ Tú", unit=my_tu, published_at=vn_time(2024, 8, 9))
    registration = make_registration(
        "Lâm Thị Hồng",
        unit=ke_sach,
        year=2024,
        registered_award=award("Chiến sĩ thi đua cơ sở"),
        status="achieved",
    )
    NomineeAward.objects.create(registration=registration, award=award("Bằng khen"), year=2024)
    return ke_sach, my_tu, story, registration


def merge(client, *units, into="", new_names="", **overrides):
    data = {
        "units": [str(unit.pk) for unit in units],
        "kind": "merged_into",
        "successor": str(into.pk) if into else "",
        "new_names": new_names,
        "effective_date": "2025-07-01",
        "decision_number": "202/2025/QH15",
        "decision_date": "2025-06-12",
        "issued_by": "Quốc hội",
    }
    data.update(overrides)
    return client.post(CHANGE_URL, data)


def test_merging_units_keeps_every_story_registration_and_review_under_the_old_name(
    client, office, history
):
    ke_sach, my_tu, story, registration = history
    before = story.last_published_at
    client.force_login(office)
    response = merge(client, ke_sach, my_tu, new_names=COMMUNES)
    assert response.status_code == 302, response.content.decode()[:2000]

    successor = Unit.objects.get(name=COMMUNES)
    assert successor.active and successor.valid_from == datetime.date(2025, 7, 1)
    ke_sach.refresh_from_db()
    assert (ke_sach.active, ke_sach.valid_to) == (False, datetime.date(2025, 6, 30))
    change = UnitChange.objects.get(predecessor=ke_sach)
    assert (change.successor, change.kind, change.decision_number, change.recorded_by) == (
        successor,
        "merged_into",
        "202/2025/QH15",
        office,
    )
    # Nothing about the story or the registration changed: they keep their unit.
    story = StoryPage.objects.get(pk=story.pk)
    assert (story.unit_id, story.last_published_at) == (ke_sach.pk, before)
    assert Registration.objects.get(pk=registration.pk).unit_id == ke_sach.pk

    page = client.get(story.url)
    assert f"{KE_SACH} {NOW}" in page.content.decode()
    listing = client.get(LIST_URL)
    assert f"{KE_SACH} {NOW}" in listing.content.decode()
    review = client.get(REVIEW_URL + "?year=2024")
    rows = {row.label: row for row in review.context["review"].by_unit}
    assert rows[f"{KE_SACH} {NOW}"].total == 1
    assert rows[f"{MY_TU} {NOW}"].total == 1
    assert [a.unit for a in review.context["review"].awards] == [f"{KE_SACH} {NOW}"] * 2


def test_a_rename_makes_a_new_unit_and_a_later_merger_shows_the_latest_successor(
    client, office, history
):
    ke_sach, _my_tu, story, _registration = history
    client.force_login(office)
    response = merge(client, ke_sach, kind="renamed_to", new_names="Phòng Tư pháp thị xã Kế Sách")
    assert response.status_code == 302
    renamed = Unit.objects.get(name="Phòng Tư pháp thị xã Kế Sách")
    assert Unit.objects.get(pk=ke_sach.pk).now_part_of == renamed.name
    later = make_unit(COMMUNES)
    response = merge(client, renamed, into=later, effective_date="2026-01-01")
    assert response.status_code == 302
    # The 2024 story names the unit as it was, and what it is today (not the rename between).
    assert f"{KE_SACH} {NOW}" in client.get(story.url).content.decode()
    assert Unit.objects.get(pk=renamed.pk).now_part_of == COMMUNES


def test_renaming_a_unit_with_stories_in_its_edit_form_is_refused_with_a_message(
    client, history, django_user_model
):
    ke_sach = history[0]
    client.force_login(django_user_model.objects.create_superuser("quantri", "q@example.vn", "pw"))
    response = client.post(
        f"/admin/snippets/exemplar_stories/unit/edit/{ke_sach.pk}/",
        {
            "name": "Phòng Tư pháp thị xã Kế Sách",
            "slug": ke_sach.slug,
            "unit_type": "district_office",
            "active": "on",
            "valid_from": "",
            "valid_to": "",
            "sort_order": "0",
        },
    )
    assert response.status_code == 200
    assert "Đổi tên hoặc sáp nhập đơn vị" in response.content.decode()
    assert Unit.objects.get(pk=ke_sach.pk).name == KE_SACH


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"decision_number": ""}, "Ghi số của quyết định"),
        ({"effective_date": "30/02/2025"}, "Nhập ngày"),
        ({"new_names": ""}, "Sáp nhập có đúng một đơn vị kế thừa"),
        ({"kind": "split_into", "new_names": "Một đơn vị"}, "Chia tách một đơn vị thành"),
        ({"new_names": KE_SACH}, "đã có"),
    ],
)
def test_a_bad_change_is_a_form_error_in_vietnamese_and_saves_nothing(
    client, office, history, overrides, message
):
    ke_sach, my_tu, *_ = history
    client.force_login(office)
    response = merge(client, ke_sach, my_tu, **{"new_names": COMMUNES, **overrides})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not UnitChange.objects.exists()
    assert Unit.objects.get(pk=ke_sach.pk).active


def test_the_office_finds_the_screen_in_its_menu(client, office):
    client.force_login(office)
    assert CHANGE_URL in client.get("/admin/").content.decode()


def test_only_the_office_may_record_a_change(client, history):
    client.force_login(make_editor(unit=history[0]))
    response = merge(client, history[0], new_names=COMMUNES)
    assert response.status_code in (302, 403)
    assert not UnitChange.objects.exists()
    assert client.get("/admin/snippets/exemplar_stories/unit/").status_code in (302, 403)


def test_a_filter_on_the_new_unit_finds_the_old_units_stories_when_asked(client, office, history):
    ke_sach, my_tu, *_ = history
    client.force_login(office)
    merge(client, ke_sach, my_tu, new_names=COMMUNES)
    client.logout()
    successor = Unit.objects.get(name=COMMUNES)
    make_story("Bài mới của xã", unit=successor, published_at=vn_time(2026, 3, 3))
    index = make_index()

    only_new = client.get(f"{index.url}?don-vi={successor.slug}").content.decode()
    assert "Bài mới của xã" in only_new and "Chị Hồng ở Đại Hải" not in only_new
    with_former = client.get(f"{index.url}?don-vi={successor.slug}&ca-don-vi-cu=1")
    text = with_former.content.decode()
    assert all(t in text for t in ("Bài mới của xã", "Chị Hồng ở Đại Hải", "Tổ hòa giải Mỹ Tú"))
    # The former units are offered apart, under their own heading, with what they are now.
    assert '<optgroup label="Đơn vị cũ">' in text
    assert f"{KE_SACH} {NOW}</option>" in text
    former_only = client.get(f"{index.url}?don-vi={ke_sach.slug}").content.decode()
    assert "Chị Hồng ở Đại Hải" in former_only and "Bài mới của xã" not in former_only
    bad = client.get(f"{index.url}?don-vi={successor.slug}&ca-don-vi-cu=yes")
    assert bad.status_code == 400  # the index page, with the message: the value was ignored
    assert "Không rõ giá trị của bộ lọc “Đơn vị cũ”" in bad.content.decode()


def test_the_office_lands_on_its_screen_with_the_change_listed(client, office, history):
    """The Office may not open the units' snippet list: after recording it stays on its own
    screen, which lists what was recorded and its basis (a browser walk found the dead end)."""
    ke_sach, my_tu, *_ = history
    client.force_login(office)
    response = merge(client, ke_sach, my_tu, new_names=COMMUNES)
    assert response.status_code == 302 and response.url == CHANGE_URL
    page = client.get(CHANGE_URL)
    text = page.content.decode()
    assert "không có quyền" not in text
    assert [(c.predecessor.name, c.successor.name) for c in page.context["recorded_changes"]] == [
        (MY_TU, COMMUNES),
        (KE_SACH, COMMUNES),
    ]
    assert "202/2025/QH15 (12/06/2025), Quốc hội" in text
    assert "/admin/snippets/exemplar_stories/unit/" not in text  # no link to a refused list
    # "Change" is Django's and Wagtail's "Sửa" (edit): the field says what kind of change.
    assert "Hình thức thay đổi" in text and ">Sửa" not in text


@pytest.mark.parametrize(
    "overrides",
    [{"new_names": "Xã\x00Kế Sách"}, {"decision_number": "202\x00"}, {"new_names": "x" * 5000}],
    ids=["nul-name", "nul-decision", "oversized"],
)
def test_hostile_input_to_the_change_screen_is_a_form_error(client, office, history, overrides):
    ke_sach, my_tu, *_ = history
    client.force_login(office)
    response = merge(client, ke_sach, my_tu, **{"new_names": COMMUNES, **overrides})
    assert response.status_code == 200
    assert not UnitChange.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(CHANGE_URL)
    assert response.status_code == 302 and "/admin/login/" in response.url
