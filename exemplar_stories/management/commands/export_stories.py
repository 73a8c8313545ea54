"""A bundle of stories for manual upload to Sở Nội vụ when push syndication is impossible."""

import datetime
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from exemplar_stories.models import PORTAL_TZ, SyndicationEvent
from exemplar_stories.selectors import public_stories
from exemplar_stories.serializers import (
    SCHEMA_VERSION,
    payload_json,
    story_images,
    story_payload,
)
from exemplar_stories.syndication.services import portal_base_url

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "syndication" / "schema" / "story-v1.json"
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
        stories = public_stories().order_by("first_published_at", "pk")
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


class BundleWriter:
    """Writes the zip incrementally: one story at a time, images copied in chunks, the index
    spooled to a temporary file; memory stays flat whatever the number of stories."""

    def __init__(self, path):
        import zipfile

        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self.index = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.images = set()
        self.missing = []  # image files that could not be read
        self.count = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.index.close()
        self.zip.close()
        return False

    def add(self, story):
        import zipfile

        base_url = portal_base_url(story)
        images = story_images(story)
        payload = story_payload(
            story,
            event=SyndicationEvent.PUBLISHED,
            base_url=base_url,
            occurred_at=story.last_published_at or story.first_published_at,
            images=images,
        )
        for entry, image_json in zip(images, payload["images"], strict=True):
            rendition = entry["rendition"]
            name = f"images/{Path(rendition.file.name).name}"
            if name not in self.images:
                try:
                    with rendition.file.open("rb") as source, self.zip.open(name, "w") as target:
                        shutil.copyfileobj(source, target, 256 * 1024)
                except OSError:
                    self.missing.append(rendition.file.name)
                    continue
                self.images.add(name)
            image_json["file"] = name
        name = f"stories/{story.syndication_uuid}.json"
        info = zipfile.ZipInfo(name, date_time=timezone.now().timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zip.writestr(info, payload_json(payload))
        entry = {
            "id": payload["id"],
            "file": name,
            "title": payload["title"],
            "kind": payload["kind"],
            "unit": payload["unit"]["name"],
            "url": payload["url"],
            "published_at": payload["published_at"],
            "images": [image["file"] for image in payload["images"] if "file" in image],
        }
        self.index.write(("," if self.count else "") + json.dumps(entry, ensure_ascii=False))
        self.count += 1

    def finish(self, *, filters):
        head = {
            "schema_version": SCHEMA_VERSION,
            "schema": "schema/story-v1.json",
            "generated_at": timezone.now().astimezone(PORTAL_TZ).isoformat(timespec="seconds"),
            "filters": filters,
            "count": self.count,
        }
        self.zip.write(SCHEMA_FILE, "schema/story-v1.json")
        with self.zip.open("index.json", "w") as target:
            opening = json.dumps(head, ensure_ascii=False)[:-1] + ',"stories":['
            target.write(opening.encode())
            self.index.seek(0)
            while chunk := self.index.read(256 * 1024):
                target.write(chunk.encode())
            target.write(b"]}")


class Progress:
    """A one-line progress bar, only drawn on a terminal."""

    WIDTH = 30

    def __init__(self, out, total):
        self.out, self.total, self.current = out, total, 0

    def step(self):
        self.current += 1
        if self.current == self.total or self.current % 10 == 0:
            filled = self.WIDTH * self.current // max(self.total, 1)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.out.write(f"\r[{bar}] {self.current}/{self.total}", ending="")
            self.out.flush()

    def done(self):
        self.out.write("")
