"""How a status change reads in a registration's history (Wagtail's log entries, action
`services.STATUS_CHANGED`): «Trạng thái: “Đã đăng ký” → “Đã đạt”». Who and when are the log
entry's own columns."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter

from ..models import RegistrationStatus


def status_label(value):
    try:
        return str(RegistrationStatus(value).label)
    except ValueError:
        return str(value)


class StatusChangeFormatter(LogFormatter):
    label = gettext_lazy("Change registration status")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if data.get("from") is None:
            return _("Status: “%(to)s”") % {"to": status_label(data.get("to"))}
        return _("Status: “%(from)s” → “%(to)s”") % {
            "from": status_label(data.get("from")),
            "to": status_label(data.get("to")),
        }
