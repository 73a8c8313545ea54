"""Registration status moves by role, and the history view is permission-checked (issue #12
items 5 and 6)."""

import pytest

from exemplar_stories.models import Registration, UnitMembership

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


# --- the policy itself, asked as every screen asks it -----------------------------------------


def test_every_question_of_the_registration_helpers_follows_the_role(ke_sach):
    """What the modeladmin helpers answer for each role: they are the screens' only gate, so
    each answer is the role's (wagtail-modeladmin's model permissions are never consulted)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from exemplar_stories.access.admin import (
        OfficeOnlyPermissionHelper,
        RegistrationPermissionHelper,
    )
    from exemplar_stories.models import RegistrationYear

    other = make_registration("Trần Văn Khác", unit=make_unit("Thanh tra Sở"))
    own = make_registration(unit=ke_sach)
    year = RegistrationYear.objects.create(year=2026)
    nobody = get_user_model().objects.create_user("khongvaitro", "k@example.vn", "pw")
    # In the unit but not an editor (a colleague given an account): no registration rights.
    member = get_user_model().objects.create_user("thanhvien", "tv@example.vn", "pw")
    UnitMembership.objects.create(user=member, unit=ke_sach)
    registrations = RegistrationPermissionHelper(Registration)
    years = OfficeOnlyPermissionHelper(RegistrationYear)
    cases = {
        "office": (make_office(), True, True, True),
        "editor": (make_editor(unit=ke_sach), True, False, False),
        "no role": (nobody, False, False, False),
        "member, no role": (member, False, False, False),
        "anonymous": (AnonymousUser(), False, False, False),
    }
    for role, (user, may_use, may_change_others, manages_years) in cases.items():
        answers = {
            "any": registrations.user_has_any_permissions(user),
            "list": registrations.user_can_list(user),
            "create": registrations.user_can_create(user),
            "edit own": registrations.user_can_edit_obj(user, own),
            "delete own": registrations.user_can_delete_obj(user, own),
            "edit other": registrations.user_can_edit_obj(user, other),
            "delete other": registrations.user_can_delete_obj(user, other),
            "inspect": registrations.user_can_inspect_obj(user, own),
            "years any": years.user_has_any_permissions(user),
            "years list": years.user_can_list(user),
            "years create": years.user_can_create(user),
            "years edit": years.user_can_edit_obj(user, year),
            "years delete": years.user_can_delete_obj(user, year),
            "years inspect": years.user_can_inspect_obj(user, year),
        }
        expected = {
            **dict.fromkeys(["any", "list", "create", "edit own", "delete own"], may_use),
            **dict.fromkeys(["edit other", "delete other"], may_change_others),
            **dict.fromkeys(["years any", "years list", "years create"], manages_years),
            **dict.fromkeys(["years edit", "years delete"], manages_years),
            "inspect": False,
            "years inspect": False,
        }
        assert answers == expected, role


def test_no_user_and_a_user_without_a_role_cost_no_look_up_of_the_closed_years(ke_sach):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from exemplar_stories.access import registrations

    nobody = get_user_model().objects.create_user("khongvaitro", "k@example.vn", "pw")
    with CaptureQueriesContext(connection) as queries:
        assert not registrations.can_access(None)
        assert not registrations.can_access(nobody)
    assert not [q for q in queries.captured_queries if "registrationyear" in q["sql"]]


def test_a_user_without_a_role_is_told_they_may_not_register(ke_sach):
    from django.contrib.auth import get_user_model

    from exemplar_stories.access import registrations

    nobody = get_user_model().objects.create_user("khongvaitro", "k@example.vn", "pw")
    assert not registrations.can_register(nobody, unit_id=ke_sach.pk, year=2026)
    assert (
        registrations.refusal_reason(nobody, unit_id=ke_sach.pk, year=2026)
        == "Bạn không có quyền đăng ký đối tượng."
    )


def test_the_visible_registrations_narrow_the_list_they_are_given(ke_sach):
    """The screens pass their own queryset (the list's ordering, its filters): the rule
    narrows it and never starts again from every registration."""
    from exemplar_stories.access import registrations

    make_registration("Người năm trước", unit=ke_sach, year=2025)
    this_year = make_registration(unit=ke_sach, year=2026)
    make_registration("Người đơn vị khác", unit=make_unit("Thanh tra Sở"), year=2026)
    given = Registration.objects.filter(year=2026)
    for user, expected in ((make_office(), 2), (make_editor(unit=ke_sach), 1)):
        visible = registrations.visible_registrations(user, given)
        assert visible.count() == expected and set(visible.values_list("year", flat=True)) == {2026}
    assert list(registrations.visible_registrations(make_editor("bt2", unit=ke_sach), given)) == [
        this_year
    ]
