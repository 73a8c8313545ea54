"""For cron: warn the Office once when this quarter's duty is at risk.

0 7 * * * cd /srv/portal && .venv/bin/python manage.py check_quarterly_duty
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from exemplar_stories.duty.alerts import alert_if_duty_at_risk


class Command(BaseCommand):
    help = "Email the Office once when no exemplar is published yet and the quarter ends soon."

    def handle(self, *args, **options):
        outcome = alert_if_duty_at_risk()
        duty = outcome.duty
        messages = {
            "sent": _("Quarter %(q)s at risk: the Office was emailed."),
            "already_sent": _("Quarter %(q)s at risk: the Office was already emailed."),
            "no_recipients": _("Quarter %(q)s at risk, but no Office member has an email."),
            "not_at_risk": _("Quarter %(q)s: the duty is not at risk."),
        }
        message = messages[outcome.reason] % {"q": duty.label}
        if outcome.reason == "no_recipients":
            self.stderr.write(self.style.WARNING(message))
        else:
            self.stdout.write(message)
