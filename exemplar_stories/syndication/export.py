"""The export bundle: stories as a zip for manual upload to Sở Nội vụ when push syndication is
impossible (`manage.py export_stories`). One JSON file per story in the syndication schema,
their images and an index.json; written incrementally, so memory stays flat."""

import json
import shutil
import tempfile
from pathlib import Path

from django.utils import timezone

from ..core.quarters import PORTAL_TZ
from ..models import SyndicationEvent
from .outbox import portal_base_url
from .payload import SCHEMA_VERSION, payload_json, story_images, story_payload

SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / "story-v2.json"


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
            "schema": "schema/story-v2.json",
            "generated_at": timezone.now().astimezone(PORTAL_TZ).isoformat(timespec="seconds"),
            "filters": filters,
            "count": self.count,
        }
        self.zip.write(SCHEMA_FILE, "schema/story-v2.json")
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
