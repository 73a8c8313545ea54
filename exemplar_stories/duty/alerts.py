"""The quarterly duty's alert: email the Office once per quarter when the duty is at risk
(`manage.py check_quarterly_duty`, from cron)."""

import logging
from dataclasses import dataclass

from django.db import transaction

from ..access.roles import office_emails
from ..models import DutyAlert
from . import mail
from .selectors import QuarterDuty, current_duty

logger = logging.getLogger(__name__)


def office_recipients():
    return office_emails()


@dataclass(frozen=True)
class AlertOutcome:
    duty: QuarterDuty
    sent: bool
    reason: str  # "sent", "not_at_risk", "already_sent", "no_recipients"


def alert_if_duty_at_risk(*, now=None):
    """Email the Office once per quarter when the duty is at risk; record that it was sent."""
    duty = current_duty(now=now)
    if not duty.at_risk:
        return AlertOutcome(duty, False, "not_at_risk")
    if DutyAlert.objects.filter(year=duty.year, quarter=duty.quarter).exists():
        return AlertOutcome(duty, False, "already_sent")
    recipients = office_recipients()
    if not recipients:
        logger.warning("Quarterly duty at risk for %s but the Office has no email.", duty.label)
        return AlertOutcome(duty, False, "no_recipients")
    with transaction.atomic():
        alert, created = DutyAlert.objects.select_for_update().get_or_create(
            year=duty.year, quarter=duty.quarter, defaults={"recipients": len(recipients)}
        )
        if not created:  # another run got there first
            return AlertOutcome(duty, False, "already_sent")
        # Sent inside the transaction: if sending fails, the record goes too and cron retries.
        mail.send_duty_at_risk(duty=duty, recipients=recipients)
    return AlertOutcome(duty, True, "sent")
