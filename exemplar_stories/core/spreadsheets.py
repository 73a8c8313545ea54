"""What every spreadsheet the plugin writes needs: its content type, and CSV cells that Excel
will not run as formulas. Used by the registrations' lists and the yearly review."""

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
