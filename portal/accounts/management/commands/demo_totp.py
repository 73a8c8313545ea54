from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.demo import DEMO_DEVICE_NAME, current_demo_code


class Command(BaseCommand):
    help = "Print the current code of a demo account's demo TOTP device (demo only)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, username, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("demo_totp is for the demo (DEBUG on); use --force otherwise.")
        device = TOTPDevice.objects.filter(
            user__username=username, name=DEMO_DEVICE_NAME, confirmed=True
        ).first()
        if device is None:
            raise CommandError(
                f"{username!r} has no demo TOTP device (manage.py load_demo_second_factors)."
            )
        self.stdout.write(current_demo_code(device))
