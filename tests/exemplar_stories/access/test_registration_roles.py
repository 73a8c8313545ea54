"""Registration status moves by role, and the history view is permission-checked (issue #12
items 5 and 6)."""

import pytest

from exemplar_stories.models import Registration

from ..support.factories import make_unit
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
    refused,
)

pytestmark = pytest.mark.django_db

KE_SACH = "Phòng Tư pháp huyện Kế Sách"


@pytest.fixture
def ke_sach():
    return make_unit(KE_SACH)


def test_an_editor_cannot_set_their_own_registration_to_achieved(client, ke_sach):
    client.force_login(make_editor(unit=ke_sach))
    response = client.post(CREATE_URL, form_data(ke_sach, status="achieved"))
    assert response.status_code == 200  # the form again, with the error
    assert not Registration.objects.exists()
    registration = make_registration(unit=ke_sach)
    client.post(edit_url(registration), form_data(ke_sach, status="achieved"))
    registration.refresh_from_db()
    assert registration.status == "registered"


def test_an_editor_cannot_import_an_achieved_status(client, ke_sach):
    client.force_login(make_editor(unit=ke_sach))
    text = f"Year;Unit;Name of the nominee;Status\n2026;{KE_SACH};Lâm Thị Hồng;Achieved\n"
    response = client.post(IMPORT_URL, {"file": csv_file(text)})
    assert response.status_code == 200
    assert any("Chỉ Văn phòng Sở" in str(error) for error in response.context["row_errors"])
    assert not Registration.objects.exists()


def test_an_editor_proposes_and_keeps_what_the_office_decided(client, ke_sach):
    client.force_login(make_editor(unit=ke_sach))
    assert client.post(CREATE_URL, form_data(ke_sach, status="following")).status_code == 302
    registration = Registration.objects.get()
    registration.status = "achieved"  # the Office decided
    registration.save()
    response = client.post(edit_url(registration), form_data(ke_sach, status="achieved"))
    assert response.status_code == 302


def test_the_office_sets_achieved(client, ke_sach):
    client.force_login(make_office())
    registration = make_registration(unit=ke_sach)
    assert client.post(edit_url(registration), form_data(ke_sach, status="achieved")).status_code
    registration.refresh_from_db()
    assert registration.status == "achieved"


def test_the_history_view_refuses_another_units_editor(client, ke_sach):
    other = make_registration("Người của Kế Sách", unit=ke_sach)
    client.force_login(make_editor("bientap.thanhtra", unit=make_unit("Thanh tra Sở")))
    response = client.get(f"{LIST_URL}history/{other.pk}/")
    assert response.status_code == 404 or refused(response)
    assert "Người của Kế Sách" not in response.content.decode()
    assert client.get(f"{LIST_URL}history/abc/").status_code == 404


def test_the_history_view_still_opens_for_the_units_editor(client, ke_sach):
    own = make_registration("Người của Kế Sách", unit=ke_sach)
    client.force_login(make_editor(unit=ke_sach))
    assert client.get(f"{LIST_URL}history/{own.pk}/").status_code == 200
