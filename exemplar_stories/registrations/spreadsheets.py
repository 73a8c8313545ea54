"""The lists units send as spreadsheets: one set of columns for the template, the import and the
export, so a file exported from the portal can be edited and imported back.

Reading: `.xlsx` (openpyxl, read-only) or `.csv` (UTF-8, comma or semicolon). Every row is
checked; when any row is wrong, nothing is saved and each error names its spreadsheet row.
Rows are matched on (year, unit, nominee name without case or diacritics): a known nominee is
updated, a new one is added.
"""

import csv
import io
from dataclasses import dataclass, field
from itertools import islice

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
        "unit": registration.unit.name,
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


def _read_xlsx(data):
    if not data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(_("This file is not an Excel (.xlsx) spreadsheet."))
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [list(r) for r in islice(sheet.iter_rows(values_only=True), MAX_ROWS + 2)]
        workbook.close()
    except Exception as error:
        # A damaged or disguised file makes openpyxl raise almost anything (zip, XML, key,
        # value, type errors); none of them may become a server error.
        raise SpreadsheetError(
            _("This file could not be read as an Excel (.xlsx) spreadsheet.")
        ) from error
    return rows


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
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        reader = csv.reader(io.StringIO(text), dialect)
        return list(islice(reader, MAX_ROWS + 2))
    except csv.Error as error:
        raise SpreadsheetError(_("This file could not be read as a CSV spreadsheet.")) from error


def read_table(uploaded_file):
    """Rows of the first sheet (lists of cell values), from an uploaded .xlsx or .csv file."""
    name = (uploaded_file.name or "").lower()
    if uploaded_file.size and uploaded_file.size > MAX_BYTES:
        raise SpreadsheetError(_("The file is too large (at most 5 MB)."))
    data = uploaded_file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise SpreadsheetError(_("The file is too large (at most 5 MB)."))
    if name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.endswith(".csv"):
        rows = _read_csv(data)
    else:
        raise SpreadsheetError(_("Choose an Excel (.xlsx) or CSV (.csv) file."))
    if len(rows) > MAX_ROWS + 1:
        raise SpreadsheetError(
            _("The file has more than %(max)s rows; split it into several files.")
            % {"max": MAX_ROWS}
        )
    return rows


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
        self.units = {fold(u.name): u for u in Unit.objects.all()}
        self.awards = {fold(a.name): a for a in Award.objects.all()}
        self.choices = {column: _choice_keys(choices) for column, choices in CHOICES.items()}
        self._existing = None

    def existing(self, years):
        if self._existing is None:
            self._existing = {r.identity: r for r in Registration.objects.filter(year__in=years)}
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


def _build(values, *, lookups, existing, user):
    errors = []
    year_text = values.get("year", "")
    year = int(year_text) if year_text.isdigit() else None
    if year is None:
        errors.append(_("the year must be a number such as 2026"))
    unit = lookups.units.get(fold(values.get("unit", "")))
    if unit is None:
        errors.append(
            _("unknown unit “%(value)s”") % {"value": values.get("unit", "")}
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
                % {"value": raw, "column": heading(column)}
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
                % {"value": raw, "column": heading(column)}
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
