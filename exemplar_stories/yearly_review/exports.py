"""The yearly review as tables: on screen, as .xlsx (one sheet per table) and as one .csv."""

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..core.choices import StoryKind
from ..core.spreadsheets import csv_safe, tables_xlsx
from .selectors import KINDS


def _kind_headings():
    return [str(StoryKind(kind).label) for kind in KINDS]


def review_tables(review):
    """(title, headings, rows) for each table of the review, in order."""
    totals = review.totals
    return [
        (
            _("By unit"),
            [_("Unit"), *_kind_headings(), _("Total"), _("Registrations")],
            [[r.label, *r.by_kind, r.total, r.registrations] for r in [*review.by_unit, totals]],
        ),
        (
            _("By field"),
            [pgettext("field of work", "Field"), *_kind_headings(), _("Total")],
            [[r.label, *r.by_kind, r.total] for r in review.by_field],
        ),
        (
            _("By quarter"),
            [_("Quarter"), *_kind_headings(), _("Total")],
            [[r.label, *r.by_kind, r.total] for r in review.by_quarter],
        ),
        (
            _("Awards won"),
            [_("Nominee"), _("Unit"), _("Award"), _("Decision number"), _("Issued by")],
            [[a.nominee, a.unit, a.award, a.decision_number, a.issuer] for a in review.awards],
        ),
    ]


def review_xlsx(review):
    return tables_xlsx(review_tables(review))


def review_csv(review):
    """All tables in one CSV, each under its title and separated by an empty line."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([_("Yearly review %(year)s") % {"year": review.year}])
    for title, headings, rows in review_tables(review):
        writer.writerow([])
        writer.writerow([title])
        writer.writerow(headings)
        writer.writerows([[csv_safe(cell) for cell in row] for row in rows])
    return ("\ufeff" + output.getvalue()).encode("utf-8")
