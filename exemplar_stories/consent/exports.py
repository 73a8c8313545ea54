"""The personal-data export: one workbook, one sheet per kind of record held about a person."""

from django.utils.translation import gettext as _

from ..core.quarters import local_iso
from ..core.spreadsheets import csv_safe, tables_xlsx


def _when(value):
    return local_iso(value) if value else ""


def _sheets(data):
    yield (
        _("Stories"),
        [_("Title"), _("Subject"), _("Position"), _("Unit"), _("Live"), _("First published")],
        [
            [
                s.title,
                s.subject_name,
                s.subject_position,
                str(s.unit),
                _("yes") if s.live else _("no"),
                _when(s.first_published_at),
            ]
            for s in data["stories"]
        ],
    )
    yield (
        _("Awards held (stories)"),
        [_("Story"), _("Award"), _("Year"), _("Decision number"), _("Issued by")],
        [
            [str(a.page), str(a.award), a.year, a.decision_number, a.issuer]
            for a in data["story_awards"]
        ],
    )
    yield (
        _("Consents"),
        [
            _("Story"),
            _("Given by"),
            _("Position"),
            _("Scopes given"),
            _("Scopes in force"),
            _("Date given"),
            _("How it was given"),
            _("Evidence file"),
            _("Recorded by"),
            _("Recorded at"),
        ],
        [
            [
                str(c.story),
                c.given_by,
                c.given_by_position,
                ", ".join(sorted(str(s.label) for s in c.given_scopes())),
                ", ".join(sorted(str(s.label) for s in c.effective_scopes())),
                c.given_on.isoformat(),
                c.get_method_display(),
                _("yes") if c.evidence else _("no"),
                c.recorded_by.get_username() if c.recorded_by else "",
                _when(c.recorded_at),
            ]
            for c in data["consents"]
        ],
    )
    yield (
        _("Withdrawals"),
        [_("Story"), _("Scope withdrawn"), _("Reason"), _("Recorded by"), _("Withdrawn at")],
        [
            [
                str(w.consent.story),
                w.get_scope_display(),
                w.reason,
                w.withdrawn_by.get_username() if w.withdrawn_by else "",
                _when(w.withdrawn_at),
            ]
            for w in data["withdrawals"]
        ],
    )
    yield (
        _("Registrations"),
        [
            _("Year"),
            _("Unit"),
            _("Nominee"),
            _("Position"),
            _("Emulation title registered"),
            _("High award targeted"),
            _("Status"),
            _("Notes"),
        ],
        [
            [
                r.year,
                str(r.unit),
                r.nominee_name,
                r.nominee_position,
                str(r.registered_award or ""),
                str(r.target_award or ""),
                r.get_status_display(),
                r.notes,
            ]
            for r in data["registrations"]
        ],
    )
    yield (
        _("Award history (registrations)"),
        [_("Registration"), _("Award"), _("Year"), _("Decision number"), _("Issued by")],
        [
            [str(a.registration), str(a.award), a.year, a.decision_number, a.issuer]
            for a in data["nominee_awards"]
        ],
    )
    yield (
        _("Sent to Sở Nội vụ"),
        [_("Event"), _("Story"), _("Status"), _("Created"), _("Delivered")],
        [
            [
                d.event,
                d.story_title,
                d.get_status_display(),
                _when(d.created_at),
                _when(d.delivered_at),
            ]
            for d in data["deliveries"]
        ],
    )


def personal_data_xlsx(data):
    return tables_xlsx(_sheets(data), cell=csv_safe)
