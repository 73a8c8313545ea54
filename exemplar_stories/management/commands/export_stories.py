"""A bundle of stories for manual upload to Sở Nội vụ when push syndication is impossible."""

import datetime
import os
import re
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exemplar_stories.access.consent import sendable_to_home_affairs
from exemplar_stories.core.quarters import PORTAL_TZ
from exemplar_stories.public.selectors import public_stories, served_by_a_site
from exemplar_stories.syndication.export import BundleWriter, Progress

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)


def _date(value, option):
    if value is None:
        return None
    try:
        if not DATE.match(value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("%(option)s must be a date written YYYY-MM-DD, e.g. 2026-10-01 (got %(value)r).")
            % {"option": option, "value": value}
        ) from None


class Command(BaseCommand):
    help = (
        "Export public stories as a zip bundle (one JSON file per story in the syndication "
        "schema, their images, an index.json) for manual upload."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="First publication on or after this day (YYYY-MM-DD).")
        parser.add_argument("--until", help="…and on or before this day (YYYY-MM-DD).")
        parser.add_argument(
            "--quarter", help="Only stories counted for this quarter, e.g. 2026-Q4."
        )
        parser.add_argument("--output", required=True, help="The zip file to write.")

    def handle(self, *args, since=None, until=None, quarter=None, output=None, **options):
        stories, filters = self._select(since, until, quarter)
        output = self._output(output)
        total = stories.count()
        progress = Progress(self.stdout, total) if self.stdout.isatty() else None
        directory = output.parent
        handle, temporary = tempfile.mkstemp(dir=directory, suffix=".zip.part")
        os.close(handle)
        try:
            with BundleWriter(temporary) as bundle:
                for story in stories.iterator(chunk_size=100):
                    bundle.add(story)
                    if progress:
                        progress.step()
                bundle.finish(filters=filters)
                missing = bundle.missing
            os.replace(temporary, output)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        if progress:
            progress.done()
        for name in missing:
            self.stderr.write(_("Image file missing, not in the bundle: %s") % name)
        if options.get("verbosity", 1):
            self.stdout.write(
                self.style.SUCCESS(
                    _("Exported %(count)s stories to %(file)s.") % {"count": total, "file": output}
                )
            )

    def _select(self, since, until, quarter):
        since_date, until_date = _date(since, "--since"), _date(until, "--until")
        if since_date is None and quarter is None:
            raise CommandError(_("Give --since YYYY-MM-DD or --quarter YYYY-Qn (or both)."))
        if since_date and until_date and until_date < since_date:
            raise CommandError(_("--until must not be before --since."))
        # Only what the people in the stories agreed to have sent to Sở Nội vụ (access.consent).
        stories = sendable_to_home_affairs(served_by_a_site(public_stories())).order_by(
            "first_published_at", "pk"
        )
        filters = {}
        if since_date:
            start = datetime.datetime.combine(since_date, datetime.time(), tzinfo=PORTAL_TZ)
            stories = stories.filter(first_published_at__gte=start)
            filters["since"] = since_date.isoformat()
        if until_date:
            end = datetime.datetime.combine(
                until_date + datetime.timedelta(days=1), datetime.time(), tzinfo=PORTAL_TZ
            )
            stories = stories.filter(first_published_at__lt=end)
            filters["until"] = until_date.isoformat()
        if quarter is not None:
            match = QUARTER.match(quarter.strip())
            if not match:
                raise CommandError(
                    _("--quarter must look like 2026-Q4 (a year, then Q1 to Q4); got %r.") % quarter
                )
            year, number = int(match[1]), int(match[2])
            stories = stories.filter(quarter_year=year, quarter_number=number)
            filters["quarter"] = f"{year}-Q{number}"
        return stories, filters

    def _output(self, output):
        path = Path(output).expanduser()
        if path.suffix.lower() != ".zip":
            raise CommandError(_("--output must be a .zip file (got %s).") % output)
        if not path.parent.is_dir():
            raise CommandError(_("The folder %s does not exist.") % path.parent)
        if path.is_dir():
            raise CommandError(_("%s is a folder, not a file.") % path)
        if not os.access(path.parent, os.W_OK):
            raise CommandError(_("Cannot write in %s.") % path.parent)
        return path.resolve()
