from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.accounts.demo import DEMO_TOTP_SECRET, demo_otpauth_uri, load_demo_second_factors


class Command(BaseCommand):
    help = "Give the demo Office users and superusers a TOTP device with a fixed demo secret."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (the demo secret is public).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to give accounts the public demo TOTP secret with DEBUG off. "
                "Use --force if you really mean it."
            )
        users = load_demo_second_factors()
        names = ", ".join(user.get_username() for user in users) or "(none)"
        self.stdout.write(self.style.SUCCESS(f"Demo second factor (TOTP) for: {names}"))
        self.stdout.write(f"  Secret for an authenticator app: {DEMO_TOTP_SECRET}")
        if users:
            self.stdout.write(f"  or scan: {demo_otpauth_uri(users[0].get_username())}")
        self.stdout.write("  Or print the current code: python manage.py demo_totp vanphong")
        self.stdout.write(
            "  The demo accounts keep the password demo12345: the demo sets it directly, "
            "without the 12-character rule that applies to every other password."
        )
