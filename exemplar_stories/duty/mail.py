"""Notifications sent by email. Plain text, Vietnamese by default (the site language)."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _


def missing_sentence(duty):
    """What the quarter still lacks, in one sentence (the email and the dashboard agree)."""
    if duty.missing == "delivery":
        return _(
            "An exemplar is published on the portal, but none of this quarter's exemplars has "
            "been delivered to Sở Nội vụ yet."
        )
    if duty.missing == "both":
        return _(
            "No advanced exemplar has been introduced on the portal yet, and none has been "
            "delivered to Sở Nội vụ."
        )
    return _("No advanced exemplar has been introduced on the portal yet.")


def send_duty_at_risk(*, duty, recipients):
    """Warn the Office that this quarter's duty is not met yet, and say which half is missing."""
    subject = _("Quarterly duty at risk in quarter %(quarter)s") % {"quarter": duty.label}
    report_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "exemplar_stories_reports:quarterly_duty"
    )
    body = _(
        "Quarter %(quarter)s: %(missing)s %(days)s days remain (until %(end)s).\n\n"
        "The plan asks for at least one exemplar every quarter, introduced on the portal and "
        "sent to the Department of Home Affairs (Sở Nội vụ).\n\nQuarterly duty report: %(url)s\n"
    ) % {
        "quarter": duty.label,
        "missing": missing_sentence(duty),
        "days": duty.days_left,
        "end": duty.end.strftime("%d/%m/%Y"),
        "url": report_url,
    }
    return send_mail(subject, body, None, recipients)
