"""Numbers and text typed by people: query-string values and the year picked on a report.

Query-string values arrive as anything (a crawler, a fuzzer, a pasted link): these helpers
never raise, they answer None (or the fallback) for what they cannot read.
"""

MAX_PARAM_LENGTH = 200


def clean_text(value):
    """Query-string values arrive as anything: cap length and drop control characters."""
    value = (value or "").strip()
    if len(value) > MAX_PARAM_LENGTH or any(ord(ch) < 32 for ch in value):
        return None
    return value


def parse_int(value, low, high):
    """A whole number written with ASCII digits within [low, high], else None.

    Not `str.isdigit()` alone: it accepts "²" or "①", which int() then refuses; and int() also
    refuses more than 4300 digits, so a long value is turned away before it gets there.
    """
    if len(value) <= 9 and value.isascii() and value.isdigit() and low <= int(value) <= high:
        return int(value)
    return None


def chosen_year(raw, years):
    """The year asked for (`?year=2026`) if it is one of `years`, else the first (newest) one,
    else None: the yearly review and the roadmap pick their year this way."""
    # isascii(): "²".isdigit() is true but int("²") raises (a 500 on ?year=²).
    if raw.isascii() and raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else None
