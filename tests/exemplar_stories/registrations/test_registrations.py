"""Registrations: who sees and changes what, the one-per-nominee rule, story linking, the
spreadsheets units send, and the roadmap to high awards — driven through the admin URLs."""

import io

import pytest
from django.db import IntegrityError
from freezegun import freeze_time

from exemplar_stories.models import (
    NomineeAward,
    Registration,
    RegistrationStatus,
    RegistrationYear,
    StoryAward,
)
from exemplar_stories.registrations.roadmap import consecutive_streak, roadmap

from ..support.factories import make_story, make_unit, vn_time
from ..support.registration_helpers import (
    CREATE_URL,
    IMPORT_URL,
    LIST_URL,
    ROADMAP_URL,
    TEMPLATE_URL,
    YEARS_URL,
    award,
    csv_file,
    delete_url,
    edit_url,
    form_data,
    make_editor,
    make_office,
    make_registration,
    refused,
    xlsx_file,
)

pytestmark = pytest.mark.django_db

KE_SACH = "Phòng Tư pháp huyện Kế Sách"
THANH_TRA = "Thanh tra Sở"


@pytest.fixture
def ke_sach():
    return make_unit(KE_SACH)


@pytest.fixture
def thanh_tra():
    return make_unit(THANH_TRA)


@pytest.fixture
def editor(ke_sach):
    return make_editor(unit=ke_sach)


@pytest.fixture
def office():
    return make_office()


# --- permissions, screen by screen ---------------------------------------------------------


@pytest.mark.parametrize(
    "url", [LIST_URL, CREATE_URL, IMPORT_URL, TEMPLATE_URL, ROADMAP_URL, YEARS_URL]
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_anonymous_visitors_cannot_open_a_registration(client, ke_sach):
    registration = make_registration(unit=ke_sach)
    for url in (edit_url(registration), delete_url(registration)):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_admin_user_without_a_role_gets_no_registration_screens(client, db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    user = get_user_model().objects.create_user("khach", "k@example.vn", "pw")
    group = Group.objects.create(name="Chỉ vào quản trị")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    for url in (LIST_URL, CREATE_URL, IMPORT_URL, ROADMAP_URL, YEARS_URL):
        assert refused(client.get(url)), url


def test_a_unit_editor_lists_only_the_registrations_of_their_unit(
    client, editor, ke_sach, thanh_tra
):
    make_registration("Lâm Thị Hồng", unit=ke_sach)
    make_registration("Nguyễn Văn Thanh", unit=thanh_tra)
    client.force_login(editor)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lâm Thị Hồng" in html
    assert "Nguyễn Văn Thanh" not in html


def test_the_office_lists_every_units_registrations(client, office, ke_sach, thanh_tra):
    make_registration("Lâm Thị Hồng", unit=ke_sach)
    make_registration("Nguyễn Văn Thanh", unit=thanh_tra)
    client.force_login(office)
    html = client.get(LIST_URL).content.decode()
    assert "Lâm Thị Hồng" in html and "Nguyễn Văn Thanh" in html


def test_a_unit_editor_registers_a_nominee_of_their_unit(client, editor, ke_sach):
    client.force_login(editor)
    assert client.get(CREATE_URL).status_code == 200
    response = client.post(CREATE_URL, form_data(ke_sach))
    assert response.status_code == 302, response.context["form"].errors
    registration = Registration.objects.get()
    assert registration.unit == ke_sach
    assert registration.nominee_key == "lam thi hong"


@pytest.mark.parametrize("name", ["ﬃ" * 255, "Nguyễn ㎏㎏㎏ " * 23])
def test_a_name_that_grows_when_folded_is_registered_and_matched_again(
    client, editor, ke_sach, name
):
    """The nominee's key is the name folded to ASCII, and "ﬃ" or "㎏" fold to more letters
    than they take: the key is cut to its field (PostgreSQL refused it with a 500), and the
    same name still finds the same nominee."""
    client.force_login(editor)
    response = client.post(CREATE_URL, form_data(ke_sach, nominee_name=name))
    assert response.status_code == 302, response.context["form"].errors
    registration = Registration.objects.get()
    assert len(registration.nominee_key) <= Registration._meta.get_field("nominee_key").max_length
    again = client.post(CREATE_URL, form_data(ke_sach, nominee_name=name))
    assert again.status_code == 200 and Registration.objects.count() == 1


def test_an_imported_name_that_grows_when_folded_is_registered(client, editor, ke_sach):
    name = "ﬃ" * 255
    text = f"Năm,Đơn vị,Tên đối tượng\r\n2026,{ke_sach.name},{name}\r\n"
    client.force_login(editor)
    response = client.post(IMPORT_URL, {"file": csv_file(text)})
    assert response.status_code == 302, response.context["row_errors"]
    assert Registration.objects.get().nominee_name == name


def test_a_name_without_a_letter_is_refused_on_the_form_and_in_a_file(client, editor, ke_sach):
    """ "…" or "-" folds to nothing: every such row would be the same nominee."""
    client.force_login(editor)
    response = client.post(CREATE_URL, form_data(ke_sach, nominee_name="…"))
    assert response.status_code == 200
    message = "Hãy ghi tên đối tượng bằng chữ: “…” không có chữ cái hay chữ số nào."
    assert response.context["form"].errors == {"nominee_name": [message]}
    text = f"Năm,Đơn vị,Tên đối tượng\r\n2026,{ke_sach.name},…\r\n"
    response = client.post(IMPORT_URL, {"file": csv_file(text)})
    assert list(response.context["row_errors"]) == [f"Dòng 2: Tên đối tượng: {message}"]
    assert not Registration.objects.exists()


def test_nominees_named_in_khmer_script_are_registered_each_as_their_own(client, editor, ke_sach):
    """Sóc Trăng's Khmer nominees may be written in Khmer script, which folds to no ASCII at
    all: each name is its own key, so two different names are two nominees."""
    client.force_login(editor)
    for name in ("សុខ ចាន់ធី", "ថាច់ សុភា"):
        response = client.post(CREATE_URL, form_data(ke_sach, nominee_name=name))
        assert response.status_code == 302, response.context["form"].errors
    assert sorted(Registration.objects.values_list("nominee_key", flat=True)) == [
        "ថាច់ សុភា",
        "សុខ ចាន់ធី",
    ]
    again = client.post(CREATE_URL, form_data(ke_sach, nominee_name="សុខ  ចាន់ធី"))
    assert again.status_code == 200 and Registration.objects.count() == 2


def test_the_migration_gives_old_rows_the_keys_they_would_get_today(ke_sach):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("exemplar_stories.migrations.0016_nominee_keys_again")
    khmer = make_registration("សុខ ចាន់ធី", unit=ke_sach)
    latin = make_registration("Lâm Thị Hồng", unit=ke_sach)
    Registration.objects.filter(pk=khmer.pk).update(nominee_key="")  # as stored before
    migration.recompute(apps, None)
    keys = dict(Registration.objects.values_list("pk", "nominee_key"))
    assert keys == {khmer.pk: "សុខ ចាន់ធី", latin.pk: "lam thi hong"}


def test_a_unit_editor_cannot_register_for_another_unit(client, editor, thanh_tra):
    client.force_login(editor)
    response = client.post(CREATE_URL, form_data(thanh_tra))
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_a_unit_editor_cannot_open_another_units_registration(client, editor, thanh_tra):
    registration = make_registration(unit=thanh_tra)
    client.force_login(editor)
    assert refused(client.get(edit_url(registration)))
    assert refused(client.post(edit_url(registration), form_data(thanh_tra)))
    assert refused(client.post(delete_url(registration)))
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_a_unit_editor_edits_their_units_registration_while_the_year_is_open(
    client, editor, ke_sach
):
    registration = make_registration(unit=ke_sach)
    client.force_login(editor)
    response = client.post(
        edit_url(registration), form_data(ke_sach, status="following", notes="Theo dõi")
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.FOLLOWING


def test_a_closed_year_is_read_only_for_unit_editors(client, editor, ke_sach):
    registration = make_registration(unit=ke_sach, year=2025)
    RegistrationYear.objects.create(year=2025, closed=True)
    client.force_login(editor)
    assert refused(client.get(edit_url(registration)))
    assert refused(client.post(delete_url(registration)))
    response = client.post(CREATE_URL, form_data(ke_sach, year="2025", nominee_name="Người mới"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Văn phòng Sở đã khóa năm đăng ký 2025."]
    assert Registration.objects.count() == 1


def test_a_unit_editor_deletes_their_units_registration_while_the_year_is_open(
    client, editor, ke_sach
):
    registration = make_registration(unit=ke_sach)
    client.force_login(editor)
    assert client.get(LIST_URL).content.decode().count(delete_url(registration)) == 1
    assert client.get(delete_url(registration)).status_code == 200
    assert client.post(delete_url(registration)).status_code == 302
    assert not Registration.objects.exists()


def test_the_office_still_edits_a_closed_year(client, office, ke_sach):
    registration = make_registration(unit=ke_sach, year=2025)
    RegistrationYear.objects.create(year=2025, closed=True)
    client.force_login(office)
    response = client.post(
        edit_url(registration), form_data(ke_sach, year="2025", status="achieved")
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ACHIEVED


def test_only_the_office_manages_registration_years(client, editor, office):
    client.force_login(editor)
    assert refused(client.get(YEARS_URL))
    assert refused(client.get(YEARS_URL + "create/"))
    client.force_login(office)
    assert client.get(YEARS_URL).status_code == 200
    response = client.post(YEARS_URL + "create/", {"year": "2026", "closed": "on"})
    assert response.status_code == 302
    assert RegistrationYear.objects.get(year=2026).closed_at is not None


def test_the_office_reopens_and_deletes_a_registration_year_and_an_editor_cannot(
    client, editor, office
):
    year = RegistrationYear.objects.create(year=2025, closed=True)
    edit, delete = f"{YEARS_URL}edit/{year.pk}/", f"{YEARS_URL}delete/{year.pk}/"
    client.force_login(editor)
    assert refused(client.get(edit))
    assert refused(client.post(edit, {"year": "2025"}))
    assert refused(client.post(delete))
    assert RegistrationYear.objects.get(pk=year.pk).closed
    client.force_login(office)
    listing = client.get(YEARS_URL).content.decode()
    assert edit in listing and delete in listing
    assert client.post(edit, {"year": "2025"}).status_code == 302  # "closed" unticked
    assert not RegistrationYear.objects.get(pk=year.pk).closed
    assert client.post(delete).status_code == 302
    assert not RegistrationYear.objects.exists()


def test_the_menu_shows_registrations_to_editors_but_not_the_years(client, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert LIST_URL in html
    assert YEARS_URL not in html


# --- one registration per nominee, unit and year ----------------------------------------------


def test_the_database_refuses_a_second_registration_of_the_same_nominee(ke_sach):
    make_registration("Lâm Thị Hồng", unit=ke_sach)
    with pytest.raises(IntegrityError):
        make_registration("LAM THI  HONG", unit=ke_sach)


def test_the_form_refuses_the_same_nominee_whatever_the_case_and_diacritics(
    client, editor, ke_sach
):
    make_registration("Lâm Thị Hồng", unit=ke_sach)
    client.force_login(editor)
    response = client.post(CREATE_URL, form_data(ke_sach, nominee_name="lam thi HONG"))
    assert response.status_code == 200
    assert "nominee_name" in response.context["form"].errors
    assert Registration.objects.count() == 1


def test_the_same_nominee_may_register_again_next_year_or_in_another_unit(ke_sach, thanh_tra):
    make_registration("Lâm Thị Hồng", unit=ke_sach, year=2025)
    make_registration("Lâm Thị Hồng", unit=ke_sach, year=2026)
    make_registration("Lâm Thị Hồng", unit=thanh_tra, year=2026)
    assert Registration.objects.count() == 3


def test_nfd_input_is_stored_as_nfc_and_matches_the_nfc_name(ke_sach):
    import unicodedata

    registration = make_registration(unicodedata.normalize("NFD", "Lâm Thị Hồng"), unit=ke_sach)
    assert registration.nominee_name == unicodedata.normalize("NFC", "Lâm Thị Hồng")
    assert registration.nominee_key == "lam thi hong"


# --- the published story ---------------------------------------------------------------------


def test_publishing_a_story_about_a_registered_nominee_links_it(ke_sach):
    registration = make_registration("Lâm Thị Hồng", unit=ke_sach, year=2026)
    with freeze_time(vn_time(2026, 5, 4, 9, 0)):  # published during the registration's year
        story = make_story("Chị Hồng và sổ hộ tịch", unit=ke_sach, subject_name="LÂM THỊ HỒNG")
    registration.refresh_from_db()
    assert registration.story_id == story.pk
    assert registration.status == RegistrationStatus.INTRODUCED


def test_a_story_of_another_unit_or_year_is_not_linked(ke_sach, thanh_tra):
    registration = make_registration("Lâm Thị Hồng", unit=ke_sach, year=2025)
    make_story("Khác đơn vị", unit=thanh_tra, subject_name="Lâm Thị Hồng")
    with freeze_time(vn_time(2026, 3, 1, 9, 0)):  # counts for 2026, not 2025
        make_story("Khác năm", unit=ke_sach, subject_name="Lâm Thị Hồng")
    registration.refresh_from_db()
    assert registration.story_id is None


def test_a_registration_made_after_the_story_is_linked_on_save(client, editor, ke_sach):
    story = make_story(
        "Chị Hồng", unit=ke_sach, subject_name="Lâm Thị Hồng", published_at=vn_time(2026, 2, 1)
    )
    client.force_login(editor)
    client.post(CREATE_URL, form_data(ke_sach))
    assert Registration.objects.get().story_id == story.pk


def test_the_linked_story_stays_editable(client, office, ke_sach):
    registration = make_registration(unit=ke_sach)
    other = make_story("Câu chuyện khác", unit=ke_sach, subject_name="Người khác")
    client.force_login(office)
    response = client.post(edit_url(registration), form_data(ke_sach, story=str(other.pk)))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.story_id == other.pk


# --- import ----------------------------------------------------------------------------------

HEADINGS = ["Year", "Unit", "Name of the nominee", "Kind", "Emulation title registered", "Status"]


def test_the_template_downloads_as_xlsx_and_csv(client, editor):
    from openpyxl import load_workbook

    client.force_login(editor)
    response = client.get(TEMPLATE_URL + "?format=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    headings = [c.value for c in next(workbook.worksheets[0].iter_rows(max_row=1))]
    assert "Năm" in headings or "Year" in headings
    assert len(workbook.worksheets) == 2  # the accepted values
    response = client.get(TEMPLATE_URL + "?format=csv")
    assert response.content.startswith(b"\xef\xbb\xbf")


def test_importing_a_good_xlsx_file_registers_every_row(client, editor, ke_sach):
    client.force_login(editor)
    upload = xlsx_file(
        [
            HEADINGS,
            [2026, KE_SACH, "Lâm Thị Hồng", "Advanced exemplar", "Chiến sĩ thi đua cơ sở", ""],
            [2026.0, "phong tu phap huyen ke sach", "Tổ hòa giải ấp 3", "New model", "", ""],
        ]
    )
    response = client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 302, response.context.get("row_errors")
    rows = {r.nominee_name: r for r in Registration.objects.all()}
    assert set(rows) == {"Lâm Thị Hồng", "Tổ hòa giải ấp 3"}
    assert rows["Lâm Thị Hồng"].registered_award == award("Chiến sĩ thi đua cơ sở")
    assert rows["Tổ hòa giải ấp 3"].kind == "new_model"


def test_importing_a_good_csv_file_with_semicolons_registers_every_row(client, editor):
    client.force_login(editor)
    text = (
        "Year;Unit;Name of the nominee;Status\n"
        f"2026;{KE_SACH};Lâm Thị Hồng;Registered\n"
        f"2026;{KE_SACH};Danh Sóc;Being followed up\n"
    )
    response = client.post(IMPORT_URL, {"file": csv_file(text)})
    assert response.status_code == 302
    assert Registration.objects.get(nominee_name="Danh Sóc").status == "following"


def test_a_file_with_one_bad_row_saves_nothing_and_names_the_row(client, editor, thanh_tra):
    client.force_login(editor)
    upload = xlsx_file(
        [
            HEADINGS,
            [2026, KE_SACH, "Lâm Thị Hồng", "Advanced exemplar", "", ""],
            [2026, KE_SACH, "Danh Sóc", "Advanced exemplar", "Huy chương Vàng", ""],
            [2026, KE_SACH, "Trần Minh Tâm", "", "", ""],
        ]
    )
    response = client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 200
    errors = response.context["row_errors"]
    assert len(errors) == 1
    assert "3" in errors[0] and "Huy chương Vàng" in errors[0]
    assert not Registration.objects.exists()


def test_an_editor_cannot_import_rows_of_another_unit(client, editor, thanh_tra):
    client.force_login(editor)
    upload = xlsx_file([HEADINGS, [2026, THANH_TRA, "Nguyễn Văn Thanh", "", "", ""]])
    response = client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 200
    [error] = response.context["row_errors"]
    assert "2" in error and "Chỉ được đăng ký đối tượng thuộc đơn vị của mình." in error
    assert not Registration.objects.exists()


def test_duplicate_nominees_in_one_file_are_reported(client, editor):
    client.force_login(editor)
    upload = xlsx_file(
        [
            HEADINGS,
            [2026, KE_SACH, "Lâm Thị Hồng", "", "", ""],
            [2026, KE_SACH, "LAM THI HONG", "", "", ""],
        ]
    )
    response = client.post(IMPORT_URL, {"file": upload})
    assert "3" in response.context["row_errors"][0]
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.xlsx", b"\x89PNG\r\n\x1a\n not a spreadsheet"),
        ("hong.xlsx", b"PK\x03\x04 a broken zip"),
        ("anh.csv", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("latin.csv", "Năm,Đơn vị\n".encode("utf-16")),
        ("van-ban.docx", b"PK\x03\x04"),
        ("empty.csv", b""),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_a_form_error(client, editor, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors, name
    assert not Registration.objects.exists()


def test_a_spreadsheet_without_the_template_headings_is_refused(client, editor):
    client.force_login(editor)
    response = client.post(IMPORT_URL, {"file": xlsx_file([["a", "b"], [1, 2]])})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Registration.objects.exists()


# --- export ----------------------------------------------------------------------------------


def _export_rows(client, fmt, query=""):
    response = client.get(f"{LIST_URL}?export={fmt}{query}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        return content
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_export_follows_the_filters_and_the_users_unit(client, editor, ke_sach, thanh_tra):
    make_registration("Lâm Thị Hồng", unit=ke_sach, year=2026)
    make_registration("Trần Văn Cũ", unit=ke_sach, year=2025)
    make_registration("Nguyễn Văn Thanh", unit=thanh_tra, year=2026)
    client.force_login(editor)
    rows = _export_rows(client, "xlsx", "&year=2026")
    names = [row[3] for row in rows[1:]]
    assert names == ["Lâm Thị Hồng"]


def test_the_csv_export_does_not_let_excel_run_a_cell_as_a_formula(client, office, ke_sach):
    make_registration("Lâm Thị Hồng", unit=ke_sach, notes="=1+2")
    client.force_login(office)
    text = _export_rows(client, "csv").decode("utf-8-sig")
    assert ",'=1+2" in text


def test_the_csv_export_starts_with_a_byte_order_mark_for_excel(client, office, ke_sach):
    make_registration("Lâm Thị Hồng", unit=ke_sach)
    client.force_login(office)
    content = _export_rows(client, "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    assert "Lâm Thị Hồng" in content.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_gives_back_the_same_registrations(client, office, ke_sach, fmt):
    from django.core.files.uploadedfile import SimpleUploadedFile

    make_registration(
        "Lâm Thị Hồng",
        unit=ke_sach,
        nominee_position="Công chức hộ tịch, xã Đại Hải",
        kind="exemplar",
        registered_award=award("Chiến sĩ thi đua cơ sở"),
        target_award=award("Chiến sĩ thi đua cấp bộ, cấp tỉnh"),
        assessment_achievement="Số hóa 12.000 trang sổ; “một cửa” đúng hạn",
        status=RegistrationStatus.FOLLOWING,
        notes='=HYPERLINK("http://example.com")\nDòng 2',
    )
    make_registration("Tổ hòa giải ấp 3", unit=ke_sach, nominee_kind="collective", kind="new_model")
    fields = [
        "year",
        "unit_id",
        "nominee_kind",
        "nominee_name",
        "nominee_position",
        "kind",
        "registered_award_id",
        "target_award_id",
        "assessment_achievement",
        "status",
        "notes",
    ]
    before = sorted(Registration.objects.values_list(*fields))
    client.force_login(office)
    response = client.get(f"{LIST_URL}?export={fmt}")
    content = b"".join(response.streaming_content) if response.streaming else response.content

    # Importing the file unchanged changes nothing.
    upload = SimpleUploadedFile(f"export.{fmt}", content)
    assert client.post(IMPORT_URL, {"file": upload}).status_code == 302
    assert sorted(Registration.objects.values_list(*fields)) == before

    # And into an empty list it gives the same registrations back.
    Registration.objects.all().delete()
    upload = SimpleUploadedFile(f"export.{fmt}", content)
    response = client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 302, response.context and response.context.get("row_errors")
    assert sorted(Registration.objects.values_list(*fields)) == before


# --- roadmap ---------------------------------------------------------------------------------


def test_consecutive_years_count_back_from_the_latest_year_held():
    assert consecutive_streak([2022, 2023, 2024], until=2025) == (3, 2024)
    assert consecutive_streak([2020, 2023, 2024], until=2025) == (2, 2024)
    assert consecutive_streak([2019, 2020], until=2025) == (0, 2020)  # the run is broken
    assert consecutive_streak([], until=2025) == (0, None)


def test_the_roadmap_counts_the_years_still_needed(ke_sach):
    registration = make_registration(
        "Lâm Thị Hồng",
        unit=ke_sach,
        year=2025,
        target_award=award("Chiến sĩ thi đua cấp bộ, cấp tỉnh"),
    )
    for year in (2023, 2024):
        NomineeAward.objects.create(
            registration=registration, award=award("Chiến sĩ thi đua cơ sở"), year=year
        )
    (entry,) = roadmap([registration])
    step = entry.steps[0]
    assert step.prerequisite == award("Chiến sĩ thi đua cơ sở")
    assert (step.years, step.streak, step.remaining) == (3, 2, 1)
    assert entry.next_step == step


def test_the_roadmap_gathers_history_across_years_and_the_story(ke_sach):
    cs = award("Chiến sĩ thi đua cơ sở")
    earlier = make_registration("Lâm Thị Hồng", unit=ke_sach, year=2024)
    NomineeAward.objects.create(registration=earlier, award=cs, year=2022)
    achieved = make_registration(
        "Lâm Thị Hồng", unit=ke_sach, year=2025, registered_award=cs, status="achieved"
    )
    story = make_story("Chị Hồng", unit=ke_sach, subject_name="Lâm Thị Hồng")
    StoryAward.objects.create(page=story, award=cs, year=2023)
    Registration.objects.filter(pk=achieved.pk).update(story=story)
    current = make_registration(
        "lâm thị hồng",
        unit=make_unit(KE_SACH),
        year=2026,
        target_award=award("Chiến sĩ thi đua cấp bộ, cấp tỉnh"),
    )
    (entry,) = roadmap([current])
    assert [(h.year, h.award.name) for h in entry.held] == [
        (2022, cs.name),
        (2023, cs.name),
        (2025, cs.name),
    ]
    # 2024 is missing: the run ending in 2025 is one year long.
    assert entry.steps[0].streak == 1
    assert entry.steps[0].remaining == 2


def test_a_broken_run_starts_again_and_the_rungs_below_are_not_repeated(ke_sach):
    registration = make_registration(
        "Trần Minh Tâm", unit=ke_sach, year=2026, target_award=award("Chiến sĩ thi đua toàn quốc")
    )
    for year in (2019, 2020):
        NomineeAward.objects.create(
            registration=registration, award=award("Chiến sĩ thi đua cơ sở"), year=year
        )
    (entry,) = roadmap([registration])
    assert [step.prerequisite.name for step in entry.steps] == [
        "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
        "Chiến sĩ thi đua cơ sở",
    ]  # not down to "Lao động tiên tiến": that rung was reached
    assert (entry.next_step.remaining, entry.next_step.last_year) == (3, 2020)


def test_the_roadmap_screen_shows_the_rule_and_says_it_is_guidance(client, editor, ke_sach):
    registration = make_registration(
        "Lâm Thị Hồng", unit=ke_sach, target_award=award("Chiến sĩ thi đua toàn quốc")
    )
    NomineeAward.objects.create(
        registration=registration, award=award("Chiến sĩ thi đua cấp bộ, cấp tỉnh"), year=2025
    )
    make_registration("Nguyễn Văn Thanh", unit=make_unit(THANH_TRA))
    client.force_login(editor)
    response = client.get(ROADMAP_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lâm Thị Hồng" in html
    assert "Nguyễn Văn Thanh" not in html
    assert "Chiến sĩ thi đua toàn quốc" in html
    assert "legal advice" in html or "tư vấn pháp lý" in html


def test_the_roadmap_takes_a_fixed_number_of_queries(
    client, office, ke_sach, django_assert_max_num_queries
):
    for number in range(15):
        registration = make_registration(
            f"Người thứ {number}", unit=ke_sach, target_award=award("Chiến sĩ thi đua toàn quốc")
        )
        NomineeAward.objects.create(
            registration=registration, award=award("Chiến sĩ thi đua cơ sở"), year=2025
        )
    client.force_login(office)
    client.get(ROADMAP_URL)  # warm caches (menus, site)
    with django_assert_max_num_queries(25):
        assert client.get(ROADMAP_URL).status_code == 200


def test_the_list_takes_a_fixed_number_of_queries(
    client, editor, ke_sach, django_assert_max_num_queries
):
    for number in range(20):
        make_registration(f"Người thứ {number}", unit=ke_sach)
    client.force_login(editor)
    client.get(LIST_URL)
    with django_assert_max_num_queries(30):
        assert client.get(LIST_URL).status_code == 200
