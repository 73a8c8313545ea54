"""Builders for the registration tests: the two roles, and registrations."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from exemplar_stories.core.conf import get_setting
from exemplar_stories.models import Award, Registration, UnitMembership

from .factories import make_unit

LIST_URL = "/admin/exemplar_stories/registration/"
CREATE_URL = LIST_URL + "create/"
IMPORT_URL = LIST_URL + "import/"
TEMPLATE_URL = LIST_URL + "template/"
ROADMAP_URL = LIST_URL + "roadmap/"
YEARS_URL = "/admin/exemplar_stories/registrationyear/"


def edit_url(registration):
    return f"{LIST_URL}edit/{registration.pk}/"


def delete_url(registration):
    return f"{LIST_URL}delete/{registration.pk}/"


def role_group(setting):
    group, _ = Group.objects.get_or_create(name=get_setting(setting))
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


def make_editor(username="bientap", unit=None):
    user = get_user_model().objects.create_user(username, f"{username}@example.vn", "pw")
    user.groups.add(role_group("EDITOR_GROUP"))
    UnitMembership.objects.create(user=user, unit=unit or make_unit())
    return user


def make_office(username="vanphong", email=None):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.vn" if email is None else email, "pw"
    )
    user.groups.add(role_group("REVIEWER_GROUP"))
    UnitMembership.objects.create(user=user, unit=make_unit("Văn phòng Sở"))
    return user


def award(name):
    return Award.objects.get(name=name)


def make_registration(nominee_name="Lâm Thị Hồng", *, year=2026, unit=None, **kwargs):
    return Registration.objects.create(
        year=year, unit=unit or make_unit(), nominee_name=nominee_name, **kwargs
    )


def xlsx_file(rows, name="dang-ky.xlsx"):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def csv_file(text, name="dang-ky.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding))


def form_data(unit, **overrides):
    """The registration form as the browser posts it (with an empty award-history formset)."""
    data = {
        "year": "2026",
        "unit": str(unit.pk),
        "nominee_kind": "individual",
        "nominee_name": "Lâm Thị Hồng",
        "nominee_position": "Công chức Tư pháp – Hộ tịch",
        "kind": "exemplar",
        "registered_award": "",
        "target_award": "",
        "assessment_achievement": "",
        "assessment_observance": "",
        "assessment_compassion": "",
        "status": "registered",
        "story": "",
        "notes": "",
        "award_history-TOTAL_FORMS": "0",
        "award_history-INITIAL_FORMS": "0",
        "award_history-MIN_NUM_FORMS": "0",
        "award_history-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"] == "/admin/"
