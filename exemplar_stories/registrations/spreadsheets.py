"""The lists units send as spreadsheets: one set of columns for the template, the import and the
export, so a file exported from the portal can be edited and imported back.

Reading: `.xlsx` (openpyxl, read-only) or `.csv` (UTF-8, comma or semicolon). Every row is
checked; when any row is wrong, nothing is saved and each error names its spreadsheet row.
Rows are matched on (year, unit, nominee name without case or diacritics): a known nominee is
updated, a new one is added.
"""

import csv
import io
import re
import time
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..access import registrations as permissions
from ..core.choices import StoryKind, SubjectKind
from ..core.spreadsheets import unescape_formula
from ..core.text import fold
from ..models import Award, Registration, RegistrationStatus, Unit, nominee_key

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
# What a list of registrations can need, with room to spare; anything beyond is refused while
# the file is read, before it costs memory or time (issue #13: a 1 MB zip bomb took 2.2 GB).
MAX_COLUMNS = 30
MAX_CELLS = (MAX_ROWS + 1) * MAX_COLUMNS
MAX_CELL_CHARS = 10_000
MAX_CSV_LINE_CHARS = 100_000
MAX_CPU_SECONDS = 10
MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # the whole .xlsx once unzipped
MAX_PART_BYTES = 2 * 1024 * 1024  # styles, workbook, theme…: everything but sheets and images
MAX_RATIO = 100  # unpacked / packed size of one member of the zip
MIN_RATIO_CHECKED = 64 * 1024  # small parts (a few repeated tags) may compress better
MAX_MEMBERS = 500
# The parts a workbook is made of (Excel, LibreOffice, Google Sheets, openpyxl).
WORKBOOK_PART = re.compile(
    r"^(\[Content_Types\]\.xml|_rels/[^/]*\.rels|docProps/[^/]+|customXml/.+|xl/.+)$"
)
SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
# A cell and a shared string, with or without a namespace prefix (<c …>, <x:c …>, <si>).
CELL_ELEMENT = re.compile(rb"<(?:\w{1,16}:)?c[\s/>]")
STRING_ELEMENT = re.compile(rb"<(?:\w{1,16}:)?si[\s/>]")

# Spreadsheet columns, in order: model field names. "story" is exported only (for reading).
COLUMNS = [
    "year",
    "unit",
    "nominee_kind",
    "nominee_name",
    "nominee_position",
    "kind",
    "registered_award",
    "target_award",
    "assessment_achievement",
    "assessment_observance",
    "assessment_compassion",
    "status",
    "notes",
]
EXPORT_COLUMNS = [*COLUMNS, "story"]
REQUIRED_COLUMNS = ["year", "unit", "nominee_name"]
CHOICES = {
    "nominee_kind": SubjectKind,
    "kind": StoryKind,
    "status": RegistrationStatus,
}
AWARD_COLUMNS = ("registered_award", "target_award")
TEXT_COLUMNS = (
    "nominee_position",
    "assessment_achievement",
    "assessment_observance",
    "assessment_compassion",
    "notes",
)


class SpreadsheetError(Exception):
    """The file as a whole cannot be read (not a spreadsheet, no headings, too large…)."""


def heading(column):
    return capfirst(str(Registration._meta.get_field(column).verbose_name))


def headings(columns=COLUMNS):
    return [heading(column) for column in columns]


def _heading_keys():
    """Every spelling of each heading we accept: the column name, its label in the current
    language and in English, without case or diacritics."""
    keys = {}
    for column in EXPORT_COLUMNS:
        keys[fold(column)] = column
        keys[fold(heading(column))] = column
        with translation.override("en"):
            keys[fold(heading(column))] = column
    return keys


def _choice_keys(choices):
    keys = {}
    for value, label in choices.choices:
        keys[fold(value)] = value
        keys[fold(str(label))] = value
        with translation.override("en"):
            keys[fold(str(choices(value).label))] = value
    return keys


# --- writing -------------------------------------------------------------------------------


def registration_row(registration):
    """The spreadsheet values of one registration, by column."""
    return {
        "year": registration.year,
        "unit": registration.unit.label,
        "nominee_kind": registration.get_nominee_kind_display(),
        "nominee_name": registration.nominee_name,
        "nominee_position": registration.nominee_position,
        "kind": registration.get_kind_display(),
        "registered_award": registration.registered_award.name
        if registration.registered_award_id
        else "",
        "target_award": registration.target_award.name if registration.target_award_id else "",
        "assessment_achievement": registration.assessment_achievement,
        "assessment_observance": registration.assessment_observance,
        "assessment_compassion": registration.assessment_compassion,
        "status": registration.get_status_display(),
        "notes": registration.notes,
        "story": registration.story.title if registration.story_id else "",
    }


def template_xlsx():
    """An empty list with the headings, and a second sheet listing the accepted values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Registrations")[:31]
    sheet.append(headings())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    guide = workbook.create_sheet(_("Accepted values")[:31])
    lists = [
        (heading("unit"), [u.name for u in Unit.objects.filter(active=True)]),
        (heading("nominee_kind"), [str(label) for _v, label in SubjectKind.choices]),
        (heading("kind"), [str(label) for _v, label in StoryKind.choices]),
        (heading("registered_award"), [a.name for a in Award.objects.all()]),
        (heading("status"), [str(label) for _v, label in RegistrationStatus.choices]),
    ]
    guide.append([title for title, _values in lists])
    longest = max(len(values) for _title, values in lists)
    for row in range(longest):
        guide.append([values[row] if row < len(values) else None for _t, values in lists])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def template_csv():
    output = io.StringIO()
    csv.writer(output).writerow(headings())
    # A byte order mark, so that Excel opens the Vietnamese headings as UTF-8.
    return ("\ufeff" + output.getvalue()).encode("utf-8")


# --- reading -------------------------------------------------------------------------------


class _Budget:
    """The limits one import must stay within, checked while the file is read: rows, columns,
    characters per cell and CPU time (so a file built to be slow to parse is stopped too)."""

    def __init__(self):
        self.rows = 0
        self.started = time.process_time()

    def check_row(self, row):
        self.rows += 1
        if self.rows > MAX_ROWS + 1:
            raise SpreadsheetError(
                _("The file has more than %(max)s rows; split it into several files.")
                % {"max": MAX_ROWS}
            )
        width = len(row)
        while width and row[width - 1] in (None, ""):
            width -= 1
        if width > MAX_COLUMNS:
            raise _too_many_columns()
        for value in row[:width]:
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise SpreadsheetError(
                    _("A cell holds more than %(max)s characters.") % {"max": MAX_CELL_CHARS}
                )
        if time.process_time() - self.started > MAX_CPU_SECONDS:
            raise SpreadsheetError(
                _(
                    "The file took too long to read (more than %(max)s seconds); check that it "
                    "holds only the list of registrations."
                )
                % {"max": MAX_CPU_SECONDS}
            )
        return list(row[:width])


def _too_many_columns():
    return SpreadsheetError(
        _("The file has more than %(max)s columns; start from the template.") % {"max": MAX_COLUMNS}
    )


def _not_xlsx():
    return SpreadsheetError(_("This file could not be read as an Excel (.xlsx) spreadsheet."))


def _too_large_unpacked():
    return SpreadsheetError(
        _(
            "The spreadsheet is too large once unpacked (at most %(max)s MB); check that it holds "
            "only the list of registrations."
        )
        % {"max": MAX_UNPACKED_BYTES // (1024 * 1024)}
    )


def _zip_entry_count(data):
    """The number of files the zip's end record announces, read before zipfile builds its
    directory (None when there is no plain end record: not a zip, or a zip64 one)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if end < 0 or len(data) < end + 22:
        return None
    count = int.from_bytes(data[end + 10 : end + 12], "little")
    return None if count == 0xFFFF else count


def _count_in_member(archive, info, pattern, limit):
    """Unpack one member in chunks (never whole in memory) and count the XML elements that
    `pattern` matches; stop as soon as there are more than `limit`."""
    count = 0
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(256 * 1024):
            window = tail + chunk
            # An element split between two chunks is counted once, with the next chunk: the
            # last bytes, which may hold the start of one, are kept back.
            cut = max(0, len(window) - 32)
            count += sum(1 for match in pattern.finditer(window) if match.start() < cut)
            tail = window[cut:]
            if count > limit:
                return count
    return count + len(pattern.findall(tail))


def check_xlsx_archive(data):
    """Refuse, before openpyxl sees it, an .xlsx file that would cost the server its memory:
    a real zip with a readable directory, only the parts of a workbook, at most
    MAX_UNPACKED_BYTES once unpacked, no member compressed more than MAX_RATIO:1, and sheets
    and shared strings holding no more cells than the rows and columns allowed."""
    if not data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(_("This file is not an Excel (.xlsx) spreadsheet."))
    count = _zip_entry_count(data)
    if count is None or count > MAX_MEMBERS:
        raise _not_xlsx()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise _not_xlsx() from error
    if len(members) > MAX_MEMBERS:
        raise _not_xlsx()
    total = 0
    for info in members:
        if not WORKBOOK_PART.match(info.filename) or info.flag_bits & 0x1:  # encrypted
            raise _not_xlsx()
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise _too_large_unpacked()
        if info.file_size > MIN_RATIO_CHECKED and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise _too_large_unpacked()
        if (
            info.file_size > MAX_PART_BYTES
            and not SHEET_PART.match(info.filename)
            and not info.filename.startswith("xl/media/")
        ):
            raise _too_large_unpacked()
    try:
        for info in members:
            if SHEET_PART.match(info.filename):
                if _count_in_member(archive, info, CELL_ELEMENT, MAX_CELLS) > MAX_CELLS:
                    raise _too_large_unpacked()
            elif info.filename == "xl/sharedStrings.xml":
                if _count_in_member(archive, info, STRING_ELEMENT, MAX_CELLS) > MAX_CELLS:
                    raise _too_large_unpacked()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as error:
        raise _not_xlsx() from error


def _read_xlsx(data):
    check_xlsx_archive(data)
    from openpyxl import load_workbook

    budget = _Budget()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        # A damaged or disguised file makes openpyxl raise almost anything (zip, XML, key,
        # value, type errors); none of them may become a server error.
        raise _not_xlsx() from error
    try:
        sheet = workbook.worksheets[0]
        if (sheet.max_column or 0) > MAX_COLUMNS:
            raise _too_many_columns()
        # The dimension a file declares may lie (openpyxl would stop at its last row or pad
        # every row to its width): read the cells as they are.
        sheet.reset_dimensions()
        rows = [budget.check_row(row) for row in sheet.iter_rows(values_only=True)]
    except SpreadsheetError:
        raise
    except Exception as error:
        raise _not_xlsx() from error
    finally:
        workbook.close()
    return rows


def _csv_lines(text):
    """The physical lines of the CSV text, refusing one too long to be a row of the list
    before the csv module splits it into fields."""
    for line in io.StringIO(text):
        if len(line) > MAX_CSV_LINE_CHARS:
            raise SpreadsheetError(
                _("A line of the file is longer than %(max)s characters.")
                % {"max": MAX_CSV_LINE_CHARS}
            )
        yield line


DELIMITERS = ",;\t"  # Excel writes ";" where the decimal mark is a comma, as in Vietnamese


def _read_csv(data):
    if b"\x00" in data:
        raise SpreadsheetError(_("This file is not a CSV spreadsheet."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            _("This CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8”.")
        ) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        # Rows of different lengths (a list typed by hand) leave the sniffer unsure: the
        # headings' line, which the template gives whole, says which separator it is.
        dialect = csv.excel
        headings_line = text.split("\n", 1)[0]
        delimiter = max(DELIMITERS, key=headings_line.count)
    budget = _Budget()
    try:
        rows = csv.reader(_csv_lines(text), dialect, delimiter=delimiter)
        return [budget.check_row(row) for row in rows]
    except csv.Error as error:
        raise SpreadsheetError(_("This file could not be read as a CSV spreadsheet.")) from error


def read_table(uploaded_file):
    """Rows of the first sheet (lists of cell values), from an uploaded .xlsx or .csv file.

    Every limit is checked while the file is read, so a file built to exhaust the server
    (a zip bomb, a sheet of 16,384 columns, a million rows) is refused early and cheaply."""
    name = (uploaded_file.name or "").lower()
    if uploaded_file.size and uploaded_file.size > MAX_BYTES:
        raise SpreadsheetError(_("The file is too large (at most 5 MB)."))
    data = uploaded_file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise SpreadsheetError(_("The file is too large (at most 5 MB)."))
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith(".csv"):
        return _read_csv(data)
    raise SpreadsheetError(_("Choose an Excel (.xlsx) or CSV (.csv) file."))


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_formula(str(value).strip())


@dataclass
class ImportReport:
    registrations: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


class _Lookups:
    """Units, awards and the rows already registered, fetched once for the whole file."""

    def __init__(self):
        # A unit by its name, or as the export writes a former one: "name (nay là …)".
        units = list(Unit.objects.all())
        self.units = {fold(u.label): u for u in units} | {fold(u.name): u for u in units}
        self.awards = {fold(a.name): a for a in Award.objects.all()}
        self.choices = {column: _choice_keys(choices) for column, choices in CHOICES.items()}
        self._existing = None

    def existing(self, years):
        if self._existing is None:
            # With their units: the model's check of each row's unit reads it (a query a row).
            rows = Registration.objects.filter(year__in=years).select_related("unit")
            self._existing = {r.identity: r for r in rows}
        return self._existing


def parse_registrations(rows, *, user):
    """Check every row; return the unsaved registrations, or the errors with row numbers."""
    report = ImportReport()
    if not rows or not any(_cell_text(v) for v in rows[0]):
        report.errors.append(_("The file is empty: the first row must hold the headings."))
        return report
    known = _heading_keys()
    positions = {}
    for index, value in enumerate(rows[0]):
        column = known.get(fold(_cell_text(value)))
        if column and column not in positions:
            positions[column] = index
    missing = [heading(c) for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        report.errors.append(
            _("Missing columns: %(columns)s. Start from the template.")
            % {"columns": ", ".join(missing)}
        )
        return report

    lookups = _Lookups()
    parsed = []
    for number, row in enumerate(rows[1:], start=2):
        values = {
            column: _cell_text(row[index]) if index < len(row) else ""
            for column, index in positions.items()
        }
        if not any(values.values()):
            continue  # blank lines between blocks of rows are common in hand-made lists
        parsed.append((number, values))
    if not parsed:
        report.errors.append(_("The file has headings but no rows."))
        return report

    years = {int(v["year"]) for _n, v in parsed if v.get("year", "").isdigit()}
    existing = lookups.existing(years)
    seen = {}
    for number, values in parsed:
        errors, registration = _build(values, lookups=lookups, existing=existing, user=user)
        if registration is not None:
            key = registration.identity
            if key in seen:
                errors.append(
                    _("the same nominee is already on row %(row)s for this unit and year")
                    % {"row": seen[key]}
                )
            seen.setdefault(key, number)
        for message in errors:
            report.errors.append(
                _("Row %(row)s: %(message)s") % {"row": number, "message": message}
            )
        if not errors:
            report.registrations.append(registration)
    if report.errors:
        report.registrations = []
    return report


SHOWN_CHARS = 80


def _shown(value):
    """A cell's value as a report quotes it: a whole paragraph pasted in the wrong column is
    cut, so that the message stays readable."""
    return value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"


def _build(values, *, lookups, existing, user):
    errors = []
    year_text = values.get("year", "")
    year = int(year_text) if year_text.isdigit() else None
    if year is None:
        errors.append(_("the year must be a number such as 2026"))
    unit = lookups.units.get(fold(values.get("unit", "")))
    if unit is None:
        errors.append(
            _("unknown unit “%(value)s”") % {"value": _shown(values.get("unit", ""))}
            if values.get("unit")
            else _("the unit is missing")
        )
    name = " ".join(values.get("nominee_name", "").split())
    if not name:
        errors.append(_("the name of the nominee is missing"))

    resolved = {}
    for column in CHOICES:
        raw = values.get(column, "")
        if not raw:
            continue
        value = lookups.choices[column].get(fold(raw))
        if value is None:
            errors.append(
                _("unknown value “%(value)s” in column “%(column)s”")
                % {"value": _shown(raw), "column": heading(column)}
            )
        else:
            resolved[column] = value
    for column in AWARD_COLUMNS:
        raw = values.get(column, "")
        if not raw:
            resolved[column] = None
            continue
        award = lookups.awards.get(fold(raw))
        if award is None:
            errors.append(
                _("unknown award “%(value)s” in column “%(column)s”")
                % {"value": _shown(raw), "column": heading(column)}
            )
        resolved[column] = award

    if (
        year is not None
        and unit is not None
        and not permissions.can_register(user, unit_id=unit.pk, year=year)
    ):
        errors.append(permissions.refusal_reason(user, unit_id=unit.pk, year=year))
    if errors:
        return errors, None

    key = nominee_key(name)
    registration = Registration(year=year, unit=unit, nominee_key=key)
    registration = existing.get(registration.identity) or registration
    status = resolved.get("status")
    current = registration.status if registration.pk else None
    if status and not permissions.may_set_status(user, status, current=current):
        return [f"{heading('status')}: {permissions.status_refusal()}"], None
    registration.nominee_name = name
    for column in TEXT_COLUMNS:
        if column in values:  # a column left out of the file leaves the field as it was
            setattr(registration, column, values[column])
    for column in CHOICES:
        if column in resolved:
            setattr(registration, column, resolved[column])
    for column in AWARD_COLUMNS:
        if column in values:
            setattr(registration, column, resolved[column])
    try:
        registration.full_clean(exclude=["nominee_key", "story"], validate_constraints=False)
    except ValidationError as error:
        for column, messages in error.message_dict.items():
            label = heading(column) if column in EXPORT_COLUMNS else column
            errors.extend(f"{label}: {message}" for message in messages)
        return errors, None
    return errors, registration
