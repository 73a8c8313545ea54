"""What every spreadsheet the plugin writes needs: its content type, CSV cells that Excel will
not run as formulas, and a workbook of titled tables. Used by the registrations' lists, the
yearly review and the personal-data export."""

from io import BytesIO

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Excel runs a CSV cell that starts with one of these as a formula; an apostrophe stops it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A value for a CSV cell that Excel will not run as a formula ("=HYPERLINK(…)")."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(text):
    """The cell as typed, once `csv_safe` protected it ("'=1+1" → "=1+1")."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def tables_xlsx(tables, *, cell=None):
    """An xlsx file (bytes) with one sheet per (title, headings, rows): bold headings, titles cut
    to Excel's 31 characters; `cell` maps each value first (e.g. csv_safe)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headings, rows in tables:
        sheet = workbook.create_sheet(title[:31])
        sheet.append(headings)
        for heading in sheet[1]:
            heading.font = Font(bold=True)
        for row in rows:
            sheet.append([cell(value) for value in row] if cell else row)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
