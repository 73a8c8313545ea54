"""Remove every second-factor device of a user (lost phone), e.g. the last superuser's."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.accounts.devices import reset_second_factor


class Command(BaseCommand):
    help = "Remove a user's TOTP devices, passkeys and recovery codes (logged on the user)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist as exc:
            raise CommandError(f"No user {username!r}.") from exc
        counts = reset_second_factor(user=user)
        self.stdout.write(
            f"{username}: removed {counts['totp']} TOTP device(s), {counts['passkey']} "
            f"passkey(s) and the recovery codes; they set up a new one at the next login."
        )
