"""What a unit's clerk sees of the spreadsheets themselves: the template they fill in (its
sheets, headings and the list of accepted values), and the message when a CSV file cannot be
read. Called as the views call them, in Vietnamese (issue #21: mutants of
registrations/spreadsheets.py that no test noticed)."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from exemplar_stories.registrations import spreadsheets
from exemplar_stories.registrations.spreadsheets import SpreadsheetError

from ..support.factories import make_unit
from ..support.registration_helpers import award, make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_the_xlsx_template_has_bold_vietnamese_headings_and_a_sheet_of_accepted_values():
    make_unit("Phòng Tư pháp huyện Kế Sách", active=False)
    make_unit("Thanh tra Sở Tư pháp thành phố Cần Thơ")
    book = load_workbook(io.BytesIO(spreadsheets.template_xlsx()))
    sheet, guide = book.worksheets
    assert (sheet.title, guide.title) == ("Đăng ký thi đua", "Giá trị hợp lệ")
    first = [cell.value for cell in sheet[1]]
    assert first == spreadsheets.headings()
    assert first[:4] == ["Năm", "Đơn vị", "Cá nhân hoặc tập thể", "Tên đối tượng"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.max_row == 1  # nothing but the headings to fill in

    columns = {cells[0].value: [c.value for c in cells[1:] if c.value] for cells in guide.columns}
    assert list(columns) == [
        spreadsheets.heading(name)
        for name in ("unit", "nominee_kind", "kind", "registered_award", "status")
    ]
    # Only units that exist today are offered; a former one is no choice for a new nominee.
    assert columns[spreadsheets.heading("unit")] == ["Thanh tra Sở Tư pháp thành phố Cần Thơ"]
    assert columns[spreadsheets.heading("nominee_kind")] == ["Cá nhân", "Tập thể"]
    assert "Chiến sĩ thi đua cơ sở" in columns[spreadsheets.heading("registered_award")]
    statuses = columns[spreadsheets.heading("status")]
    assert len(statuses) == len(set(statuses)) >= 5
    # The longest list sets the number of rows; shorter columns are left blank below.
    longest = max(len(values) for values in columns.values())
    assert guide.max_row == longest + 1


def test_the_csv_template_is_the_headings_behind_a_byte_order_mark():
    data = spreadsheets.template_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    import csv

    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [spreadsheets.headings()]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"Year,Unit\x00", "không phải là bảng tính CSV"),
        (b"Nam,Don vi\n2026,K\xea S\xe1ch\n", "CSV UTF-8"),  # saved by Excel as ANSI
        (b"Year," + b"a" * 100_001 + b"\n", "100000"),
    ],
    ids=["nul-byte", "not-utf8", "line-too-long"],
)
def test_a_csv_file_that_cannot_be_read_says_why(data, message):
    with pytest.raises(SpreadsheetError) as refused:
        spreadsheets._read_csv(data)
    assert message in str(refused.value)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_csv_file_is_read_with_commas_semicolons_or_tabs(delimiter):
    text = delimiter.join(["Năm", "Đơn vị", "Họ tên"]) + "\r\n"
    text += delimiter.join(["2026", "Thanh tra Sở", "Lâm Thị Hồng"]) + "\r\n"
    rows = spreadsheets._read_csv(("\ufeff" + text).encode("utf-8"))
    assert rows == [["Năm", "Đơn vị", "Họ tên"], ["2026", "Thanh tra Sở", "Lâm Thị Hồng"]]


def test_a_typed_csv_with_a_space_after_each_comma_and_quoted_names_is_read_as_meant():
    # The way a list is typed by hand: ", " between values, a name in quotes. The separator's
    # guess also says the spaces are not part of the values, so the quotes are not either.
    text = 'Năm, Đơn vị, Họ tên\r\n2026, Thanh tra Sở, "Lâm Thị Hồng"\r\n2026, Thanh tra Sở, "Lê An"\r\n'
    assert spreadsheets._read_csv(text.encode("utf-8")) == [
        ["Năm", "Đơn vị", "Họ tên"],
        ["2026", "Thanh tra Sở", "Lâm Thị Hồng"],
        ["2026", "Thanh tra Sở", "Lê An"],
    ]


def test_the_column_limit_message_names_the_limit():
    assert str(spreadsheets._too_many_columns().args[0]).count(str(spreadsheets.MAX_COLUMNS)) == 1
    assert "Excel (.xlsx)" in str(spreadsheets._not_xlsx())


def test_a_choice_is_read_in_vietnamese_in_english_or_by_its_value():
    keys = spreadsheets._choice_keys(spreadsheets.SubjectKind)
    fold = spreadsheets.fold
    for spelling in ("Tập thể", "TAP THE", "Collective", "collective"):
        assert keys[fold(spelling)] == "collective", spelling
    assert keys[fold("Cá nhân")] == "individual"
    # A value that is not its English label: the portal's own code ("new_model", not "New model").
    kinds = spreadsheets._choice_keys(spreadsheets.StoryKind)
    for spelling in ("Mô hình mới", "New model", "new_model", "NEW_MODEL"):
        assert kinds[fold(spelling)] == "new_model", spelling


def test_a_heading_is_read_in_vietnamese_in_english_or_by_its_column_name():
    keys = spreadsheets._heading_keys()
    fold = spreadsheets.fold
    for spelling in ("Tên đối tượng", "Name of the nominee", "nominee_name", "NOMINEE_NAME"):
        assert keys[fold(spelling)] == "nominee_name", spelling


def test_a_year_written_as_a_decimal_number_is_read_as_the_year(client):
    """Some spreadsheet programs store 2026 as 2026.0; it is the year 2026, not an error."""
    from ..support.registration_helpers import make_editor

    unit = make_unit("Phòng Tư pháp huyện Kế Sách")
    rows = [spreadsheets.headings(["year", "unit", "nominee_name"])]
    rows.append([2026.0, unit.name, "Lâm Thị Hồng"])
    report = spreadsheets.parse_registrations(rows, user=make_editor(unit=unit))
    assert report.errors == []
    assert [(r.year, r.nominee_name) for r in report.registrations] == [(2026, "Lâm Thị Hồng")]
    assert spreadsheets._cell_text(12.5) == "12.5"


@pytest.mark.parametrize("first", [[], ["", "  ", None]])
def test_a_file_whose_first_row_is_blank_says_the_headings_belong_there(first):
    report = spreadsheets.parse_registrations(
        [first, ["2026", "Kế Sách", "Lâm Thị Hồng"]], user=None
    )
    assert report.errors == ["Tệp trống: dòng đầu tiên phải chứa tiêu đề cột."]
    assert spreadsheets.parse_registrations([], user=None).errors == report.errors


def test_an_exported_row_writes_blank_for_no_award_and_the_linked_storys_title():
    from ..support.factories import make_story

    unit = make_unit("Thanh tra Sở")
    registration = make_registration(
        "Lâm Thị Hồng", unit=unit, registered_award=award("Chiến sĩ thi đua cơ sở")
    )
    row = spreadsheets.registration_row(registration)
    assert (row["registered_award"], row["target_award"], row["story"]) == (
        "Chiến sĩ thi đua cơ sở",
        "",
        "",
    )
    registration.story = make_story("Chị Hồng ở Đại Hải", unit=unit)
    registration.target_award = award("Chiến sĩ thi đua cấp bộ, cấp tỉnh")
    row = spreadsheets.registration_row(registration)
    assert (row["target_award"], row["story"]) == (
        "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
        "Chị Hồng ở Đại Hải",
    )


def test_checking_a_file_costs_one_query_a_row_even_when_its_rows_are_linked_to_stories():
    """Re-importing an export whose rows are linked to published stories: a row costs one
    query (the model's check that its unit exists), not a query more for its unit's details or
    for re-checking its story."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..support.factories import make_story
    from ..support.registration_helpers import make_editor

    unit = make_unit("Phòng Tư pháp huyện Kế Sách")
    names = ["Lâm Thị Hồng", "Trần Văn Bình", "Lê An"]
    for name in names:
        story = make_story(f"Gương {name}", unit=unit, subject_name=name)
        make_registration(name, unit=unit, story=story)
    user = make_editor(unit=unit)
    columns = ["year", "unit", "nominee_name", "notes"]

    def queries(count):
        rows = [spreadsheets.headings(columns)]
        rows += [[2026, unit.name, name, "Đã rà soát"] for name in names[:count]]
        with CaptureQueriesContext(connection) as captured:
            report = spreadsheets.parse_registrations(rows, user=user)
        assert report.errors == [] and len(report.registrations) == count
        assert all(r.story_id for r in report.registrations)
        return len(captured)

    queries(1)  # the user's roles and the closed years are read once, then remembered
    assert queries(3) - queries(1) == 2


def test_the_row_and_cell_limits_are_exact_and_said_in_vietnamese():
    budget = spreadsheets._Budget()
    for _row in range(spreadsheets.MAX_ROWS + 1):  # the headings and 2000 rows
        budget.check_row(["2026"])
    with pytest.raises(SpreadsheetError) as refused:
        budget.check_row(["2026"])
    assert str(refused.value) == "Tệp có hơn 2000 dòng; vui lòng chia thành nhiều tệp."
    longest = "ồ" * spreadsheets.MAX_CELL_CHARS
    assert spreadsheets._Budget().check_row([longest]) == [longest]
    with pytest.raises(SpreadsheetError) as refused:
        spreadsheets._Budget().check_row([longest + "."])
    assert str(refused.value) == "Có ô chứa hơn 10000 ký tự."


def test_a_row_padded_with_empty_cells_past_the_column_limit_is_read():
    """Excel's CSV pads every row to the widest one: trailing empty cells are not columns."""
    padded = ["2026", "Thanh tra Sở", "Lâm Thị Hồng"] + [""] * spreadsheets.MAX_COLUMNS
    assert spreadsheets._Budget().check_row(padded) == padded[:3]
    assert spreadsheets._Budget().check_row(["a", None, "", None]) == ["a"]


def _parse(text, user):
    from ..support.registration_helpers import csv_file

    return spreadsheets.parse_registrations(spreadsheets.read_table(csv_file(text)), user=user)


def test_blank_lines_between_blocks_of_rows_are_skipped_and_the_rows_after_them_read():
    from ..support.registration_helpers import make_editor

    unit = make_unit("Phòng Tư pháp huyện Kế Sách")
    text = (
        f"Năm,Đơn vị,Tên đối tượng,Cột riêng của đơn vị\r\n2026,{unit.name},Lâm Thị Hồng,\r\n"
        f",,,\r\n\r\n,,,ghi chú ngoài danh sách\r\n2026,{unit.name},Trần Văn Bình,\r\n"
    )
    report = _parse(text, make_editor(unit=unit))
    assert report.errors == [], report.errors
    assert [r.nominee_name for r in report.registrations] == ["Lâm Thị Hồng", "Trần Văn Bình"]


def test_a_heading_given_twice_is_read_from_its_first_column():
    from ..support.registration_helpers import make_editor

    unit = make_unit("Phòng Tư pháp huyện Kế Sách")
    text = f"Năm,Đơn vị,Tên đối tượng,Tên đối tượng\r\n2026,{unit.name},Lâm Thị Hồng,Chị Hồng\r\n"
    report = _parse(text, make_editor(unit=unit))
    assert [r.nominee_name for r in report.registrations] == ["Lâm Thị Hồng"]


def test_a_file_with_one_wrong_row_gives_its_errors_and_no_registration_at_all():
    from ..support.registration_helpers import make_editor

    unit = make_unit("Phòng Tư pháp huyện Kế Sách")
    text = f"Năm,Đơn vị,Tên đối tượng\r\n2026,{unit.name},Lâm Thị Hồng\r\nnăm nay,{unit.name},Lê An\r\n"
    report = _parse(text, make_editor(unit=unit))
    assert report.registrations == [] and not report.ok
    assert len(report.errors) == 1 and report.errors[0].startswith("Dòng 3: ")


def test_a_file_that_takes_too_long_to_read_is_stopped_with_a_vietnamese_reason():
    budget = spreadsheets._Budget()
    budget.started -= spreadsheets.MAX_CPU_SECONDS + 1  # as if it had read for 11 seconds
    with pytest.raises(SpreadsheetError) as refused:
        budget.check_row(["2026"])
    assert str(refused.value) == (
        "Đọc tệp mất quá nhiều thời gian (hơn 10 giây); vui lòng kiểm tra tệp chỉ chứa danh "
        "sách đăng ký."
    )


def test_cells_are_counted_exactly_even_across_the_chunks_a_sheet_is_unpacked_in():
    import zipfile

    chunk = 256 * 1024
    # Ten cells, one where the first chunk's last 32 bytes (kept back for the next) begin, one
    # straddling the chunk's end, five after it.
    body = b"<c/>" * 10 + b" " * (chunk - 32 - 40) + b"<c/>" + b" " * 26 + b"<c/>" + b"<c/>" * 5
    assert body.index(b"<c/>", 40) == chunk - 32 and body.index(b"<c/>", chunk - 28) == chunk - 2
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", body)

    def count(limit):
        with zipfile.ZipFile(data) as archive:
            [info] = archive.infolist()
            return spreadsheets._count_in_member(archive, info, spreadsheets.CELL_ELEMENT, limit)

    assert count(100) == 17
    # The first chunk holds exactly ten: with a limit of ten, the reading goes on past it and
    # stops at the first cell beyond the limit.
    assert count(10) == 11


NOT_XLSX = "Tệp này không phải là bảng tính Excel (.xlsx)."
NOT_READ_XLSX = "Không đọc được tệp này dưới dạng bảng tính Excel (.xlsx)."


def _workbook_bytes(extra=(), compression=None):
    """A workbook as openpyxl writes it, with `extra` (name, bytes) parts added to the zip."""
    import zipfile

    from openpyxl import Workbook

    output = io.BytesIO()
    book = Workbook()
    book.active.append(["Năm", "Đơn vị", "Tên đối tượng"])
    book.save(output)
    with zipfile.ZipFile(output, "a", compression or zipfile.ZIP_STORED) as archive:
        for name, content in extra:
            archive.writestr(name, content)
    return output.getvalue()


def test_a_file_that_is_not_a_zip_at_all_is_named_as_not_an_excel_file():
    with pytest.raises(SpreadsheetError) as refused:
        spreadsheets.check_xlsx_archive(b"Nam,Don vi\r\n2026,Ke Sach\r\n")
    assert str(refused.value) == NOT_XLSX


def test_a_workbook_of_exactly_the_most_parts_is_read_and_one_more_is_refused():
    import zipfile

    parts = len(zipfile.ZipFile(io.BytesIO(_workbook_bytes())).infolist())
    room = spreadsheets.MAX_MEMBERS - parts
    images = [(f"xl/media/image{n}.png", b"\x89PNG") for n in range(room)]
    spreadsheets.check_xlsx_archive(_workbook_bytes(images))  # exactly MAX_MEMBERS: read
    with pytest.raises(SpreadsheetError) as refused:
        spreadsheets.check_xlsx_archive(_workbook_bytes([*images, ("xl/media/one.png", b"")]))
    assert str(refused.value) == NOT_READ_XLSX


def test_a_workbook_of_exactly_the_most_unpacked_bytes_is_read_and_one_more_is_refused():
    import zipfile

    book = zipfile.ZipFile(io.BytesIO(_workbook_bytes()))
    used = sum(info.file_size for info in book.infolist())
    image = b"\0" * (spreadsheets.MAX_UNPACKED_BYTES - used)  # stored: no compression ratio
    spreadsheets.check_xlsx_archive(_workbook_bytes([("xl/media/image1.png", image)]))
    with pytest.raises(SpreadsheetError) as refused:
        spreadsheets.check_xlsx_archive(_workbook_bytes([("xl/media/image1.png", image + b"!")]))
    assert "20 MB" in str(refused.value)


def test_the_number_of_parts_is_read_from_the_zips_own_end_record():
    import zipfile

    def zip_of(count):
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w") as archive:
            for n in range(count):
                archive.writestr(f"xl/media/{n}.png", b"")
        return output.getvalue()

    assert spreadsheets._zip_entry_count(zip_of(300)) == 300  # both bytes of the count
    assert spreadsheets._zip_entry_count(zip_of(0)) == 0  # the end record at the very start
    assert spreadsheets._zip_entry_count(b"PK\x03\x04" + b"x" * 100) is None  # no end record
    cut_short = zip_of(3)[:-5]  # the end record's last bytes are missing
    assert spreadsheets._zip_entry_count(cut_short) is None
    zip64 = bytearray(zip_of(3))
    zip64[-12:-10] = b"\xff\xff"  # "see the zip64 record": not a plain count
    assert spreadsheets._zip_entry_count(bytes(zip64)) is None


def test_a_workbook_with_an_encrypted_part_is_refused_before_it_is_opened():
    data = bytearray(_workbook_bytes())
    entry = data.index(b"PK\x01\x02")  # the first part's entry in the zip's directory
    data[entry + 8] |= 0x1  # "encrypted": zipfile would ask for a password (a server error)
    with pytest.raises(SpreadsheetError) as refused:
        spreadsheets.check_xlsx_archive(bytes(data))
    assert str(refused.value) == NOT_READ_XLSX


def test_the_compression_ratio_is_checked_from_64_kib_and_other_parts_stop_at_2_mib():
    import zipfile

    small = spreadsheets.MIN_RATIO_CHECKED
    deflated = zipfile.ZIP_DEFLATED
    # Zeros compress far beyond 100:1; up to 64 KiB that is left alone (a few repeated tags).
    spreadsheets.check_xlsx_archive(_workbook_bytes([("xl/media/a.png", b"\0" * small)], deflated))
    with pytest.raises(SpreadsheetError):
        spreadsheets.check_xlsx_archive(
            _workbook_bytes([("xl/media/a.png", b"\0" * (small + 1))], deflated)
        )
    # A part that is neither a sheet nor an image: up to 2 MiB (stored, so no ratio).
    part = spreadsheets.MAX_PART_BYTES
    spreadsheets.check_xlsx_archive(_workbook_bytes([("docProps/custom.xml", b" " * part)]))
    with pytest.raises(SpreadsheetError) as refused:
        spreadsheets.check_xlsx_archive(
            _workbook_bytes([("docProps/custom.xml", b" " * (part + 1))])
        )
    assert "20 MB" in str(refused.value)
    # A sheet may be larger (its cells are counted instead).
    sheet = b"<worksheet>" + b" " * part + b"</worksheet>"
    spreadsheets.check_xlsx_archive(_workbook_bytes([("xl/worksheets/sheet9.xml", sheet)]))


def test_a_part_compressed_exactly_100_to_1_is_read_and_ten_zeros_more_are_refused():
    import random
    import zipfile

    def compressed(data):
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/media/a.png", data)
        info = zipfile.ZipFile(output).infolist()[0]
        return info.file_size, info.compress_size

    # Noise that does not compress, then zeros that compress almost to nothing: the zeros'
    # length is adjusted until the part is exactly MAX_RATIO times its compressed size.
    noise = random.Random(0).randbytes(1900)
    zeros, tried = 200_000, set()
    for _ in range(200):
        size, packed = compressed(noise + b"\0" * zeros)
        if size == spreadsheets.MAX_RATIO * packed:
            break
        tried.add(zeros)
        zeros += spreadsheets.MAX_RATIO * packed - size
        zeros += 1 if zeros in tried else 0
    assert size == spreadsheets.MAX_RATIO * packed > spreadsheets.MIN_RATIO_CHECKED
    exact = noise + b"\0" * zeros
    deflated = zipfile.ZIP_DEFLATED
    spreadsheets.check_xlsx_archive(_workbook_bytes([("xl/media/a.png", exact)], deflated))
    more = exact + b"\0" * 10  # ten zeros more: no more compressed bytes, so past 100:1
    more_size, more_packed = compressed(more)
    assert more_size > spreadsheets.MAX_RATIO * more_packed
    with pytest.raises(SpreadsheetError):
        spreadsheets.check_xlsx_archive(_workbook_bytes([("xl/media/a.png", more)], deflated))


def test_images_may_pass_2_mib_and_cells_and_strings_stop_exactly_at_the_limit():
    part = spreadsheets.MAX_PART_BYTES
    spreadsheets.check_xlsx_archive(_workbook_bytes([("xl/media/photo.jpg", b" " * (part + 1))]))
    cells = spreadsheets.MAX_CELLS
    sheet = b"<worksheet><sheetData>%s</sheetData></worksheet>"
    spreadsheets.check_xlsx_archive(
        _workbook_bytes([("xl/worksheets/sheet9.xml", sheet % (b"<c/>" * cells))])
    )
    with pytest.raises(SpreadsheetError):
        spreadsheets.check_xlsx_archive(
            _workbook_bytes([("xl/worksheets/sheet9.xml", sheet % (b"<c/>" * (cells + 1)))])
        )
    strings = b"<sst>%s</sst>"
    with pytest.raises(SpreadsheetError):
        spreadsheets.check_xlsx_archive(
            _workbook_bytes([("xl/sharedStrings.xml", strings % (b"<si/>" * (cells + 1)))])
        )


def test_the_shared_strings_stop_exactly_at_the_limit():
    strings = b"<sst>%s</sst>"
    cells = spreadsheets.MAX_CELLS
    spreadsheets.check_xlsx_archive(
        _workbook_bytes([("xl/sharedStrings.xml", strings % (b"<si/>" * cells))])
    )


def test_a_year_computed_by_a_formula_is_read_as_the_value_excel_saved():
    """=YEAR(TODAY()) in the year column: the file keeps the value Excel computed, 2026."""
    import re
    import zipfile

    plain = zipfile.ZipFile(io.BytesIO(_workbook_bytes()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for info in plain.infolist():
            content = plain.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                row = b'<row r="2"><c r="A2"><f>YEAR(TODAY())</f><v>2026</v></c></row>'
                content = re.sub(rb"</sheetData>", row + b"</sheetData>", content)
            archive.writestr(info, content)
    rows = spreadsheets._read_xlsx(output.getvalue())
    assert rows[1] == [2026]


def test_a_sheet_of_exactly_the_most_columns_is_read_and_one_more_is_refused():
    from ..support.registration_helpers import xlsx_file

    widest = [f"Cột {n}" for n in range(spreadsheets.MAX_COLUMNS)]
    assert spreadsheets.read_table(xlsx_file([widest]))[0] == widest
    with pytest.raises(SpreadsheetError) as refused:
        spreadsheets.read_table(xlsx_file([[*widest, "Cột thừa"]]))
    assert str(refused.value) == "Tệp có hơn 30 cột; vui lòng dùng tệp mẫu."


def test_a_file_of_exactly_5_mb_is_taken_and_one_byte_more_is_too_large():
    from django.core.files.uploadedfile import SimpleUploadedFile

    size = spreadsheets.MAX_BYTES
    with pytest.raises(SpreadsheetError) as refused:  # taken: then refused for its kind
        spreadsheets.read_table(SimpleUploadedFile("danh-sach.txt", b" " * size))
    assert str(refused.value) == "Chọn tệp Excel (.xlsx) hoặc CSV (.csv)."
    with pytest.raises(SpreadsheetError) as refused:
        spreadsheets.read_table(SimpleUploadedFile("danh-sach.csv", b" " * (size + 1)))
    assert str(refused.value) == "Tệp quá lớn (tối đa 5 MB)."


def test_a_file_whose_size_is_not_told_is_measured_as_it_is_read():
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("danh-sach.csv", b" " * (spreadsheets.MAX_BYTES + 1))
    upload.size = None  # a streamed upload: no size beforehand
    with pytest.raises(SpreadsheetError) as refused:
        spreadsheets.read_table(upload)
    assert str(refused.value) == "Tệp quá lớn (tối đa 5 MB)."
