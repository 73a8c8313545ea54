"""Notifications sent by email. Plain text, Vietnamese by default (the site language)."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _


def send_duty_at_risk(*, duty, recipients):
    """Warn the Office that no exemplar has been published yet this quarter."""
    subject = _("Quarterly duty at risk: no exemplar published yet in quarter %(quarter)s") % {
        "quarter": duty.label
    }
    report_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "exemplar_stories_reports:quarterly_duty"
    )
    body = _(
        "No advanced exemplar has been introduced on the portal in quarter %(quarter)s yet, "
        "and %(days)s days remain (until %(end)s).\n\n"
        "The plan asks for at least one exemplar every quarter, also sent to the Department "
        "of Home Affairs (Sở Nội vụ).\n\nQuarterly duty report: %(url)s\n"
    ) % {
        "quarter": duty.label,
        "days": duty.days_left,
        "end": duty.end.strftime("%d/%m/%Y"),
        "url": report_url,
    }
    return send_mail(subject, body, None, recipients)
