"""Spreadsheets built to exhaust the server (issue #13): each is refused with a form error that
names the limit, nothing is saved, and refusing it costs little memory and time.

The bombs are built here, by hand, as an attacker would: zip members whose sizes are written in
the zip directory, sheets whose declared dimension lies. The import's peak memory is measured
with tracemalloc (Python's allocator, which zlib, expat and openpyxl allocate through).
"""

import io
import random
import time
import tracemalloc
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from exemplar_stories.models import Registration
from exemplar_stories.registrations import spreadsheets

from ..support.factories import make_unit
from ..support.registration_helpers import IMPORT_URL, make_editor, xlsx_file

pytestmark = pytest.mark.django_db

KE_SACH = "Phòng Tư pháp huyện Kế Sách"
HEADINGS = ["Year", "Unit", "Name of the nominee", "Kind", "Status"]
MAX_PEAK_MB = 200


@pytest.fixture
def editor():
    return make_editor(unit=make_unit(KE_SACH))


# --- building files by hand ------------------------------------------------------------------


def _zip(members):
    """A zip archive from (name, deflated bytes, crc32, unpacked size), written by hand so
    that a member may unpack to a gigabyte without the test spending the time to pack it."""
    out = io.BytesIO()
    central = []
    for name, packed, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        fields = (20, 0, 8, 0, 0, crc, len(packed), size, len(encoded), 0)
        out.write(b"PK\x03\x04" + _pack("HHHHHIIIHH", fields) + encoded + packed)
        central.append(
            b"PK\x01\x02"
            + _pack(
                "HHHHHHIIIHHHHHII",
                (20, 20, 0, 8, 0, 0, crc, len(packed), size)
                + (len(encoded), 0, 0, 0, 0, 0, offset),
            )
            + encoded
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(
        b"PK\x05\x06"
        + _pack("HHHHIIH", (0, 0, len(members), len(members), len(directory), start, 0))
    )
    return out.getvalue()


def _pack(layout, values):
    import struct

    return struct.pack("<" + layout, *values)


def _deflated(data):
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return (packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


@cache
def _zeros(megabytes):
    """`megabytes` MB of zero bytes, deflated (about 1 KB per MB): made from one deflated
    megabyte repeated, each ending with a full flush so that every copy is the same."""
    chunk = b"\0" * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return (block * megabytes + packer.flush(), crc, megabytes << 20)


def _workbook_parts():
    """The parts of a small real workbook (openpyxl's), by name."""
    import zipfile

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(HEADINGS)
    output = io.BytesIO()
    workbook.save(output)
    archive = zipfile.ZipFile(output)
    return {name: archive.read(name) for name in archive.namelist()}


def workbook_with(replace=None, *, raw=None):
    """A workbook whose parts in `replace` (name → bytes) or `raw` (name → deflated member) are
    the attacker's."""
    members = []
    parts = _workbook_parts()
    parts.update(replace or {})
    raw = raw or {}
    if "xl/sharedStrings.xml" in {*parts, *raw}:  # so that openpyxl reads it, as Excel would
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
    for name, content in parts.items():
        if name not in raw:
            members.append((name, *_deflated(content)))
    members.extend((name, *packed) for name, packed in raw.items())
    return SimpleUploadedFile("dang-ky.xlsx", _zip(members))


def _column(index):
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_xml(rows, dimension=None):
    """Sheet XML for rows of values (numbers, or text written inline), as a writer would."""
    parts = []
    width = height = 0
    for r, row in enumerate(rows, start=1):
        height = r
        width = max(width, len(row))
        cells = []
        for c, value in enumerate(row, start=1):
            ref = f"{_column(c)}{r}"
            if isinstance(value, int):
                cells.append(f'<c r="{ref}" t="n"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
        parts.append(f'<row r="{r}">{"".join(cells)}</row>')
    dimension = dimension or f"A1:{_column(width)}{height}"
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{"".join(parts)}</sheetData></worksheet>'
    ).encode()


def _shared_strings(count, *, distinct):
    if distinct:
        rng = random.Random(13)
        items = "".join(f"<si><t>{rng.getrandbits(64):x}</t></si>" for _ in range(count))
    else:
        items = "<si><t>a</t></si>" * count
    return (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{count}" uniqueCount="{count}">{items}</sst>'
    ).encode()


# --- importing them --------------------------------------------------------------------------


@dataclass
class Work:
    """What an import did with a file, counted rather than timed (a timed test fails on a
    busy machine, under coverage or mutation testing): the bytes unpacked from the zip,
    whether openpyxl opened it, and how many rows were read."""

    unpacked: int = 0
    opened: bool = False
    rows: int = 0
    seconds: float = 0.0  # CPU, printed for the reader, not asserted


def _import(client, upload):
    """Post the file; answer the response, the peak memory (MB) and the work done."""
    import openpyxl

    work = Work()
    read, load, check_row = (
        zipfile.ZipExtFile.read,
        openpyxl.load_workbook,
        spreadsheets._Budget.check_row,
    )

    def counted_read(self, *args):
        data = read(self, *args)
        work.unpacked += len(data)
        return data

    def counted_load(*args, **kwargs):
        work.opened = True
        return load(*args, **kwargs)

    def counted_row(self, row):
        work.rows += 1
        return check_row(self, row)

    tracemalloc.start()
    started = time.process_time()
    try:
        with (
            mock.patch.object(zipfile.ZipExtFile, "read", counted_read),
            mock.patch.object(openpyxl, "load_workbook", counted_load),
            mock.patch.object(spreadsheets._Budget, "check_row", counted_row),
        ):
            response = client.post(IMPORT_URL, {"file": upload})
        work.seconds = time.process_time() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return response, peak / 1e6, work


def assert_refused(client, upload, *words):
    response, peak_mb, work = _import(client, upload)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("file", []))
    for word in words:
        assert word in errors, errors
    assert not Registration.objects.exists()
    assert peak_mb < MAX_PEAK_MB, f"{peak_mb:.0f} MB"
    print(
        f"refused in {work.seconds:.2f} s CPU, peak {peak_mb:.1f} MB, {work.unpacked} bytes "
        f"unpacked, {'opened' if work.opened else 'not opened'} by openpyxl, {work.rows} rows: "
        f"{errors}"
    )
    return peak_mb, work


def test_a_zip_bomb_renamed_xlsx_is_refused_from_the_zip_directory(client, editor):
    """1 MB of deflated zeros that unpack to 1 GB (main: 2.2 GB of memory, 5 s)."""
    client.force_login(editor)
    upload = workbook_with(raw={"xl/styles.xml": _zeros(1024)})
    assert upload.size > 1_000_000
    _peak, work = assert_refused(client, upload, "20 MB")
    assert work.unpacked == 0 and not work.opened  # main unpacked the gigabyte


def test_a_member_packed_more_than_100_to_1_is_refused(client, editor):
    client.force_login(editor)
    upload = workbook_with(raw={"xl/styles.xml": _zeros(4)})
    assert_refused(client, upload, "20 MB")


def test_a_shared_strings_bomb_is_refused(client, editor):
    """2.5 million one-letter strings, 40 MB unpacked (main: a 209 KB one took 525 MB)."""
    client.force_login(editor)
    upload = workbook_with({"xl/sharedStrings.xml": _shared_strings(2_500_000, distinct=False)})
    assert upload.size < 300_000
    assert_refused(client, upload, "20 MB")


def test_shared_strings_that_pack_poorly_are_counted(client, editor):
    """200,000 distinct strings (4 MB, packed 2:1) are more than 2,001 rows of 30 cells."""
    client.force_login(editor)
    upload = workbook_with({"xl/sharedStrings.xml": _shared_strings(200_000, distinct=True)})
    assert_refused(client, upload, "20 MB")


def test_a_styles_part_larger_than_any_workbook_needs_is_refused(client, editor):
    client.force_login(editor)
    styles = b'<styleSheet><cellXfs count="400000">' + b"<xf/>" * 400_000 + b"</cellXfs>"
    assert_refused(client, workbook_with({"xl/styles.xml": styles}), "20 MB")


def test_2002_rows_of_1000_cells_are_refused_before_openpyxl(client, editor):
    """Cells without references pack to about 100 KB; main spent 21 s of CPU on such a file."""
    client.force_login(editor)
    row = "<row>" + "<c><v>1</v></c>" * 1000 + "</row>"
    sheet = sheet_xml([], dimension="A1:ALL2002")
    sheet = sheet.replace(b"<sheetData>", b"<sheetData>" + row.encode() * 2002)
    upload = workbook_with({"xl/worksheets/sheet1.xml": sheet})
    assert upload.size < 300_000
    _peak, work = assert_refused(client, upload, "20 MB")
    assert not work.opened and work.rows == 0


def test_more_cells_than_2001_rows_of_30_are_refused_before_openpyxl(client, editor):
    client.force_login(editor)
    rows = [[2026, KE_SACH, f"Người {i}"] for i in range(21_000)]
    upload = workbook_with({"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    assert_refused(client, upload, "20 MB")


def test_16384_columns_are_refused_from_the_dimension(client, editor):
    """main ran past 300 s."""
    client.force_login(editor)
    rows = [[*HEADINGS, *range(16384 - len(HEADINGS))]]
    upload = workbook_with({"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    _peak, work = assert_refused(client, upload, "30")
    assert work.rows == 0  # refused from the dimension, before any row is read


def test_columns_hidden_behind_a_lying_dimension_are_refused_while_reading(client, editor):
    client.force_login(editor)
    rows = [HEADINGS, [2026, KE_SACH, "Lâm Thị Hồng", "", "", *range(40)]]
    upload = workbook_with({"xl/worksheets/sheet1.xml": sheet_xml(rows, dimension="A1:E1")})
    assert_refused(client, upload, "30")


def test_rows_hidden_behind_a_lying_dimension_are_read_and_counted(client, editor):
    client.force_login(editor)
    rows = [HEADINGS] + [[2026, KE_SACH, f"Người {i}"] for i in range(2001)]
    upload = workbook_with({"xl/worksheets/sheet1.xml": sheet_xml(rows, dimension="A1:C1")})
    assert_refused(client, upload, "2000")


def test_a_row_numbered_a_million_is_refused_by_the_row_count(client, editor):
    client.force_login(editor)
    sheet = sheet_xml([HEADINGS]).replace(
        b"</sheetData>", b'<row r="1048576"><c r="A1048576" t="n"><v>1</v></c></row></sheetData>'
    )
    _peak, work = assert_refused(client, workbook_with({"xl/worksheets/sheet1.xml": sheet}), "2000")
    assert work.rows == spreadsheets.MAX_ROWS + 2  # not a million: it stops past the limit


def test_a_cell_of_more_than_10000_characters_is_refused(client, editor):
    client.force_login(editor)
    upload = xlsx_file([HEADINGS, [2026, KE_SACH, "x" * 10_001]])
    assert_refused(client, upload, "10000")


def test_reading_stops_once_it_has_taken_the_cpu_time_allowed(client, editor, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_CPU_SECONDS", -1)
    client.force_login(editor)
    assert_refused(client, xlsx_file([HEADINGS, [2026, KE_SACH, "Lâm Thị Hồng"]]), "-1")


def test_a_file_that_is_not_a_zip_behind_a_zip_signature_is_refused(client, editor):
    client.force_login(editor)
    assert_refused(client, SimpleUploadedFile("a.xlsx", b"PK\x03\x04" + b"\0" * 5000), ".xlsx")


def test_an_archive_with_parts_no_workbook_has_is_refused(client, editor):
    client.force_login(editor)
    upload = workbook_with({"payload.exe": b"MZ" * 100})
    assert_refused(client, upload, ".xlsx")


def test_the_refusal_is_in_vietnamese(client, editor):
    client.force_login(editor)
    upload = workbook_with(raw={"xl/sharedStrings.xml": _zeros(64)})
    response, _peak, _work = _import(client, upload)
    assert "quá lớn" in " ".join(response.context["form"].errors["file"])


# --- CSV -------------------------------------------------------------------------------------


def _csv(text):
    return SimpleUploadedFile("dang-ky.csv", text.encode())


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        (",".join(HEADINGS) + "\n" + "2026,x,y\n" * 2001, "2000"),
        (",".join(HEADINGS + ["c"] * 26) + "\n", "30"),
        ("," * 4_000_000 + "\n", "100000"),
        (",".join(HEADINGS) + "\n2026,x," + "y" * 10_001 + "\n", "10000"),
    ],
    ids=["2001-rows", "31-columns", "a-line-of-4-million-commas", "a-cell-of-10001-characters"],
)
def test_a_csv_beyond_the_limits_is_refused(client, editor, text, limit):
    client.force_login(editor)
    assert_refused(client, _csv(text), limit)


# --- what still works ------------------------------------------------------------------------


def test_a_real_workbook_of_2000_rows_still_imports(client, editor):
    client.force_login(editor)
    rows = [HEADINGS] + [
        [2026, KE_SACH, f"Nguyễn Văn {i}", "Advanced exemplar", "Registered"] for i in range(2000)
    ]
    response = client.post(IMPORT_URL, {"file": xlsx_file(rows)})
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert Registration.objects.count() == 2000


def test_a_workbook_from_the_template_with_its_second_sheet_still_imports(client, editor):
    from openpyxl import load_workbook

    client.force_login(editor)
    workbook = load_workbook(
        io.BytesIO(client.get(IMPORT_URL.replace("import/", "template/")).content)
    )
    sheet = workbook.worksheets[0]
    headings = [c.value for c in sheet[1]]
    row = dict.fromkeys(headings, "")
    row.update({headings[0]: 2026, headings[1]: KE_SACH, headings[3]: "Lâm Thị Hồng"})
    sheet.append([row[h] for h in headings])
    output = io.BytesIO()
    workbook.save(output)
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("dk.xlsx", output.getvalue())})
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert Registration.objects.get().nominee_name == "Lâm Thị Hồng"
