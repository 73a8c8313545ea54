from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exemplar_stories.demo.loader import DEMO_PASSWORD, DEMO_USERS, load_demo_content


class Command(BaseCommand):
    help = "Load demo content (units, movements, users, stories) to try the portal."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (creates demo accounts with a public password).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "Refusing to load demo content with DEBUG off: the demo accounts have a "
                    "public password. Use --force if you really mean it."
                )
            )
        counts = load_demo_content(stdout=self.stdout)
        summary = ", ".join(f"{key}={value}" for key, value in counts.items())
        self.stdout.write(self.style.SUCCESS(_("Demo content loaded: %s") % summary))
        self.stdout.write(_("Demo accounts (password %s):") % DEMO_PASSWORD)
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.username:<18} {user.role:<9} {user.unit or ''}")
