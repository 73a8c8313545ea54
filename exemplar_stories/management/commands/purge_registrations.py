"""For cron: delete nominees' data once its retention period has passed (registrations/retention.py).

15 2 * * * cd /srv/portal && .venv/bin/python manage.py purge_registrations
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from exemplar_stories.core.conf import get_setting
from exemplar_stories.core.quarters import PORTAL_TZ
from exemplar_stories.registrations.retention import purge_expired


class Command(BaseCommand):
    help = "Delete the registrations of years closed longer ago than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be deleted, delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        done = purge_expired(dry_run=dry_run)
        if not done:
            self.stdout.write(
                _("Nothing to delete: no registration year closed more than %(n)s years ago.")
                % {"n": get_setting("REGISTRATION_RETENTION_YEARS")}
            )
            return
        line = (
            _(
                "Year %(year)s (closed on %(closed)s): would delete %(count)s registrations "
                "and %(awards)s award records."
            )
            if dry_run
            else _(
                "Year %(year)s (closed on %(closed)s): deleted %(count)s registrations and "
                "%(awards)s award records."
            )
        )
        for purged in done:
            self.stdout.write(
                line
                % {
                    "year": purged.year,
                    "closed": purged.closed_at.astimezone(PORTAL_TZ).strftime("%d/%m/%Y"),
                    "count": purged.registrations,
                    "awards": purged.awards,
                }
            )
