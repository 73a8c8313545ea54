"""Every change of a registration's status is in its history, with who and when (issue #12,
"every status change is in the history"): through the form, the import and the link made when
a story about the nominee is published. The history view says it in Vietnamese."""

import pytest
from freezegun import freeze_time

from exemplar_stories.models import Registration, RegistrationStatus

from ..support.factories import make_story, make_unit, vn_time
from ..support.registration_helpers import (
    CREATE_URL,
    IMPORT_URL,
    LIST_URL,
    csv_file,
    edit_url,
    form_data,
    make_editor,
    make_office,
    make_registration,
)

pytestmark = pytest.mark.django_db

KE_SACH = "Phòng Tư pháp huyện Kế Sách"


@pytest.fixture
def ke_sach():
    return make_unit(KE_SACH)


@pytest.fixture
def office():
    user = make_office()
    user.first_name, user.last_name = "Hoa", "Trần Thị"
    user.save()
    return user


def history(client, registration):
    response = client.get(f"{LIST_URL}history/{registration.pk}/")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_offices_decision_in_the_form_is_in_the_history_with_who_and_when(
    client, ke_sach, office
):
    registration = make_registration(unit=ke_sach)
    client.force_login(office)
    with freeze_time(vn_time(2026, 11, 20, 9, 30)):
        response = client.post(edit_url(registration), form_data(ke_sach, status="achieved"))
    assert response.status_code == 302
    page = history(client, registration)
    assert "Trạng thái: “Đã đăng ký” → “Đã đạt”" in page
    assert "Trần Thị Hoa" in page
    assert "20/11/2026" in page


def test_a_registration_created_in_the_form_records_its_first_status(client, ke_sach):
    editor = make_editor(unit=ke_sach)
    client.force_login(editor)
    assert client.post(CREATE_URL, form_data(ke_sach, status="following")).status_code == 302
    assert "Trạng thái: “Đang theo dõi”" in history(client, Registration.objects.get())


def test_an_edit_that_keeps_the_status_records_no_status_change(client, ke_sach, office):
    registration = make_registration(unit=ke_sach)
    client.force_login(office)
    client.post(edit_url(registration), form_data(ke_sach, notes="Ghi chú mới"))
    assert "Trạng thái:" not in history(client, registration)


def test_a_status_changed_by_an_import_is_in_the_history(client, ke_sach, office):
    registration = make_registration(unit=ke_sach)
    client.force_login(office)
    text = f"Year;Unit;Name of the nominee;Status\n2026;{KE_SACH};Lâm Thị Hồng;Achieved\n"
    assert client.post(IMPORT_URL, {"file": csv_file(text)}).status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ACHIEVED
    page = history(client, registration)
    assert "Trạng thái: “Đã đăng ký” → “Đã đạt”" in page
    assert "Trần Thị Hoa" in page


def test_a_published_story_moving_the_status_on_is_in_the_history(client, ke_sach, office):
    registration = make_registration("Lâm Thị Hồng", unit=ke_sach, year=2026)
    with freeze_time(vn_time(2026, 5, 4, 9, 0)):
        make_story("Chị Hồng và sổ hộ tịch", unit=ke_sach, subject_name="Lâm Thị Hồng")
    client.force_login(office)
    page = history(client, registration)
    assert "Trạng thái: “Đã đăng ký” → “Đã giới thiệu trên Cổng Thông tin điện tử”" in page
