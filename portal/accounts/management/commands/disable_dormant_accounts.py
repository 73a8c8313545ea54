"""Cron, once a day: disable admin accounts unused for ACCOUNTS_DORMANT_DAYS (default 45)."""

from django.core.management.base import BaseCommand

from portal.accounts import conf
from portal.accounts.dormant import disable_dormant_accounts


class Command(BaseCommand):
    help = "Disable accounts not used for ACCOUNTS_DORMANT_DAYS days and email the Office."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="instead of the setting")
        parser.add_argument("--dry-run", action="store_true", help="list, change nothing")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = conf.dormant_days() if days is None else days
        users = disable_dormant_accounts(days=days, dry_run=dry_run)
        verb = "would disable" if dry_run else "disabled"
        for user in users:
            self.stdout.write(
                f"{verb}: {user.get_username()} (last seen {user.last_seen:%Y-%m-%d})"
            )
        self.stdout.write(f"{len(users)} account(s) {verb} (unused for {days} days).")
