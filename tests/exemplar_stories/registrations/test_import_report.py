"""What a unit reads when its file is refused: every message of the import's report, in
Vietnamese, with its row, exactly as the screen shows it. The reader's limits and its attacks
are in test_hostile_spreadsheets.py; the happy paths in test_registrations.py. And the
template a unit starts from, which says what each column accepts."""

import csv
import io

import pytest

from exemplar_stories.models import Registration
from exemplar_stories.registrations import spreadsheets

from ..support.factories import make_unit
from ..support.registration_helpers import (
    IMPORT_URL,
    TEMPLATE_URL,
    make_editor,
    xlsx_file,
)

pytestmark = pytest.mark.django_db

KE_SACH = "Phòng Tư pháp huyện Kế Sách"


@pytest.fixture
def ke_sach():
    return make_unit(KE_SACH)


@pytest.fixture
def editor(client, ke_sach):
    user = make_editor(unit=ke_sach)
    client.force_login(user)
    return user


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def headings(*columns):
    return [spreadsheets.heading(column) for column in columns]


def report(client, upload):
    response = client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 200
    form = response.context["form"]
    return list(response.context["row_errors"]), list(form.errors.get("file", []))


def test_every_row_error_is_reported_with_its_row_in_vietnamese(client, editor):
    rows = [
        headings("year", "unit", "nominee_name", "kind", "registered_award"),
        ["năm nay", "", "", "", ""],
        [2026, "Phòng Không Có", "Trần Văn A", "Loại lạ", ""],
        [2026, KE_SACH, "Lê Thị B", "", "Huân chương Mặt Trăng"],
        [2026, KE_SACH, "Ngô Văn C", "", ""],
        [2026, KE_SACH, "ngô  văn c", "", ""],
    ]
    row_errors, file_errors = report(client, xlsx_file(rows))
    assert file_errors == []
    assert row_errors == [
        "Dòng 2: năm phải là một số, ví dụ 2026",
        "Dòng 2: thiếu đơn vị",
        "Dòng 2: thiếu tên đối tượng",
        "Dòng 3: đơn vị “Phòng Không Có” không có trong danh mục",
        "Dòng 3: giá trị “Loại lạ” ở cột “Loại” không hợp lệ",
        "Dòng 4: danh hiệu, khen thưởng “Huân chương Mặt Trăng” ở cột “Danh hiệu thi đua đăng ký”"
        " không có trong danh mục",
        "Dòng 6: đối tượng này đã có ở dòng 5 với cùng đơn vị và năm",
    ]
    assert not Registration.objects.exists()


def _long_line_csv(length):
    """A CSV line of exactly `length` characters (its newline included), in cells short
    enough for every other limit."""
    cells = 30
    body = length - 1 - (cells - 1)  # the commas and the newline
    widths = [body // cells + (1 if i < body % cells else 0) for i in range(cells)]
    line = ",".join("x" * width for width in widths) + "\n"
    assert len(line) == length
    return line


CSV_HEADINGS = ",".join(headings("year", "unit", "nominee_name")) + "\n"


NOT_READ = "Không đọc được tệp này dưới dạng bảng tính"


@pytest.mark.parametrize(
    ("name", "content", "row_errors", "file_errors"),
    [
        ("trong.csv", b"", [], ["Tập tin được gửi là rỗng."]),
        (
            "thieu.csv",
            "Năm,Ghi chú\n2026,x\n".encode(),
            ["Thiếu cột: Đơn vị, Tên đối tượng. Vui lòng dùng tệp mẫu."],
            [],
        ),
        (
            "khong-dong.csv",
            CSV_HEADINGS.encode(),
            ["Tệp có tiêu đề cột nhưng không có dòng dữ liệu nào."],
            [],
        ),
        (
            "cp1258.csv",
            CSV_HEADINGS.encode() + "2026,Lâm,Lâm\n".encode("cp1258"),
            [],
            [
                "Tệp CSV này không được mã hóa UTF-8. Trong Excel, hãy lưu tệp dưới dạng “CSV UTF-8”."
            ],
        ),
        (
            "nul.csv",
            CSV_HEADINGS.encode() + b"2026,\x00,x\n",
            [],
            ["Tệp này không phải là bảng tính CSV."],
        ),
        ("cr.csv", CSV_HEADINGS.encode() + b"2026,a\rb,x\n", [], [f"{NOT_READ} CSV."]),
        (
            "dai.csv",
            (CSV_HEADINGS + _long_line_csv(100_001)).encode(),
            [],
            ["Có dòng trong tệp dài hơn 100000 ký tự."],
        ),
        ("hong.xlsx", b"PK\x03\x04" + b"x" * 100, [], [f"{NOT_READ} Excel (.xlsx)."]),
        ("rong.xlsx", None, [], ["Tệp có hơn 30 cột; vui lòng dùng tệp mẫu."]),
    ],
    ids=[
        "empty",
        "missing-columns",
        "no-rows",
        "not-utf8",
        "nul",
        "lone-cr",
        "line-too-long",
        "broken-xlsx",
        "31-columns",
    ],
)
def test_a_file_the_import_cannot_use_says_why_in_vietnamese(
    client, editor, name, content, row_errors, file_errors
):
    if content is None:
        content = xlsx_file([[*headings("year", "unit", "nominee_name"), *range(28)]]).read()
    assert report(client, _upload(name, content)) == (row_errors, file_errors)
    assert not Registration.objects.exists()


def test_a_line_of_exactly_the_longest_length_is_read(client, editor):
    """100,000 characters is allowed: the file is read, and its row checked."""
    row_errors, file_errors = report(
        client, _upload("vua.csv", (CSV_HEADINGS + _long_line_csv(100_000)).encode())
    )
    assert file_errors == [] and row_errors[0] == "Dòng 2: năm phải là một số, ví dụ 2026"
    # The 3,333 characters given as the unit are quoted cut to 80.
    assert row_errors[1] == f"Dòng 2: đơn vị “{'x' * 79}…” không có trong danh mục"


def test_the_template_names_its_columns_and_lists_what_each_accepts_in_vietnamese(client, editor):
    from openpyxl import load_workbook

    from exemplar_stories.core.choices import StoryKind, SubjectKind
    from exemplar_stories.models import RegistrationStatus

    response = client.get(TEMPLATE_URL + "?format=xlsx")
    assert response.status_code == 200
    sheet, guide = load_workbook(io.BytesIO(response.content)).worksheets
    assert (sheet.title, guide.title) == ("Đăng ký thi đua", "Giá trị hợp lệ")
    assert [cell.value for cell in sheet[1]] == spreadsheets.headings()
    assert sheet["A1"].value == "Năm" and sheet["A1"].font.bold
    columns = {}
    for column in guide.iter_cols(values_only=True):
        columns[column[0]] = [value for value in column[1:] if value is not None]
    assert columns[spreadsheets.heading("unit")] == [KE_SACH]
    for name, choices in (
        ("nominee_kind", SubjectKind),
        ("kind", StoryKind),
        ("status", RegistrationStatus),
    ):
        assert columns[spreadsheets.heading(name)] == [str(label) for label in choices.labels]
    assert "Huân chương Lao động" in columns[spreadsheets.heading("registered_award")]
    csv_template = client.get(TEMPLATE_URL + "?format=csv").content
    assert csv_template.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(csv_template.decode("utf-8-sig"))))
    assert rows == [spreadsheets.headings()]


POSITION = (
    "Chuyên viên, Văn phòng, Phòng Tư pháp, huyện Kế Sách, tỉnh Sóc Trăng, phụ trách tuyên "
    "truyền, phổ biến, giáo dục pháp luật, hòa giải, trợ giúp pháp lý, hộ tịch, chứng thực"
)


@pytest.mark.parametrize("sep", [";", "\t"])
def test_a_hand_typed_list_with_rows_of_different_lengths_is_read(client, editor, sep):
    """The sniffer cannot tell the separator of ragged rows; the headings' line does (all of
    it: the headings hold spaces, and a tab is one too)."""
    # More commas than separators in the rows: the separator is the headings' one.
    text = (
        sep.join(headings("year", "unit", "nominee_name", "nominee_position")) + "\n"
        f"2026{sep}{KE_SACH}{sep}Lâm Thị Hồng\n"
        f"2026{sep}{KE_SACH}{sep}Trần Văn Bình{sep}{POSITION}\n"
        f"2026{sep}{KE_SACH}{sep}Lê An\n"
    )
    response = client.post(IMPORT_URL, {"file": _upload("tay.csv", text.encode())})
    assert response.status_code == 302, response.context["row_errors"]
    assert sorted(Registration.objects.values_list("nominee_name", "nominee_position")) == [
        ("Lâm Thị Hồng", ""),
        ("Lê An", ""),
        ("Trần Văn Bình", POSITION),
    ]


def test_a_value_of_80_characters_is_quoted_whole(client, editor):
    unit = "Đ" * 80
    rows = [headings("year", "unit", "nominee_name"), [2026, unit, "Lâm Thị Hồng"]]
    row_errors, _file_errors = report(client, xlsx_file(rows))
    assert row_errors == [f"Dòng 2: đơn vị “{unit}” không có trong danh mục"]


def test_an_editor_cannot_import_into_a_year_the_office_closed(client, editor):
    from exemplar_stories.models import RegistrationYear

    RegistrationYear.objects.create(year=2025, closed=True)
    rows = [
        headings("year", "unit", "nominee_name"),
        [2025, KE_SACH, "Lâm Thị Hồng"],
        [2026, KE_SACH, "Trần Văn Bình"],
    ]
    row_errors, _file_errors = report(client, xlsx_file(rows))
    assert row_errors == ["Dòng 2: Văn phòng Sở đã khóa năm đăng ký 2025."]
    assert not Registration.objects.exists()


def test_an_editor_re_imports_the_offices_decision_but_cannot_take_it_for_a_new_row(
    client, editor, ke_sach
):
    """The export of a registration the Office marked achieved goes back in as it is; the
    same status on a nominee the Office never decided on is refused, and says so."""
    from exemplar_stories.models import RegistrationStatus

    from ..support.registration_helpers import make_registration

    decided = make_registration(unit=ke_sach, status=RegistrationStatus.ACHIEVED)
    achieved = str(RegistrationStatus.ACHIEVED.label)
    columns = headings("year", "unit", "nominee_name", "status")
    kept = [columns, [2026, KE_SACH, decided.nominee_name, achieved]]
    assert client.post(IMPORT_URL, {"file": xlsx_file(kept)}).status_code == 302
    taken = [columns, [2026, KE_SACH, "Trần Văn Bình", achieved]]
    row_errors, _file_errors = report(client, xlsx_file(taken))
    assert row_errors == [
        f"Dòng 2: {spreadsheets.heading('status')}: Chỉ Văn phòng Sở được đặt trạng thái này."
    ]
    assert list(Registration.objects.values_list("nominee_name", "status")) == [
        (decided.nominee_name, RegistrationStatus.ACHIEVED)
    ]


def test_a_value_longer_than_its_field_is_reported_under_the_columns_heading(client, editor):
    rows = [
        headings("year", "unit", "nominee_name", "nominee_position"),
        [2026, KE_SACH, "Lâm Thị Hồng", "x" * 256],
    ]
    row_errors, _file_errors = report(client, xlsx_file(rows))
    assert row_errors == [
        f"Dòng 2: {spreadsheets.heading('nominee_position')}: "
        "Giá trị này chỉ có tối đa 255 kí tự (hiện có 256)"  # Django's own message
    ]
