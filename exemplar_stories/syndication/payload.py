"""The syndication payload of a story (schema: exemplar_stories/syndication/schema/story-v2.json).

Pure functions from a story to data: no network, no clock, no writes of their own; the HTML
comes from `core.html` (the one cleaner).
"""

import json

from ..core.html import image_rendition, story_body_html
from ..core.quarters import local_iso as _iso
from ..core.text import strip_control_chars

SCHEMA_VERSION = "2"


def _text(value):
    return strip_control_chars(str(value or "")).strip()


def story_images(story):
    """The story's images, main image first, each with its rendition (not the original)."""
    found = []
    if story.hero_image_id and story.hero_image:
        found.append((story.hero_image, story.hero_image_alt, ""))
    for block in story.body or []:
        if block.block_type == "image" and block.value.get("image"):
            found.append((block.value["image"], block.value["alt"], block.value.get("caption")))
    images = []
    for image, alt, caption in found:
        rendition = image_rendition(image)
        if rendition is None:
            continue
        images.append(
            {"rendition": rendition, "alt": _text(alt), "caption": _text(caption), "image": image}
        )
    return images


def _image_json(entry, base_url):
    from urllib.parse import urljoin

    rendition = entry["rendition"]
    return {
        "url": urljoin(base_url, rendition.url),
        "alt": entry["alt"],
        "caption": entry["caption"],
        "width": rendition.width,
        "height": rendition.height,
    }


def _named(obj):
    return {"name": _text(obj.name), "slug": obj.slug} if obj else None


def story_payload(story, *, event, base_url, occurred_at, images=None):
    """The syndication payload of a story (schema v2). `base_url` is the portal's root URL
    ("https://tuphap.example.vn"); `occurred_at` is when the event happened.

    No network and no clock: only the story, its relations and its image renditions are read.
    """
    from django.utils.translation import override

    images = story_images(story) if images is None else images
    with override("vi"):
        kind_label = str(story.kind_label)
        criteria = [
            {"criterion": name.removeprefix("criterion_"), "label": str(label), "evidence": text}
            for name, label, text in story.criteria_with_names()
        ]
    awards = [
        {
            "award": _text(row.award.name),
            "year": row.year,
            "decision_number": _text(row.decision_number),
            "issuer": _text(row.issuer),
        }
        for row in story.story_awards.select_related("award").order_by("sort_order", "pk")
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "event": str(event),
        # Stable for the life of the story whatever the host, title or slug (schema v2).
        "id": f"urn:uuid:{story.syndication_uuid}",
        "url": story.get_full_url(),
        "title": _text(story.title),
        "kind": story.kind,
        "kind_label": kind_label,
        "subject": {
            "kind": story.subject_kind,
            "name": _text(story.subject_name),
            "position": _text(story.subject_position),
        },
        "unit": _named(story.unit),
        "field": _named(story.field),
        "movement": _named(story.movement),
        "summary": _text(story.summary),
        "body_html": story_body_html(story, base_url=base_url),
        "images": [_image_json(entry, base_url) for entry in images],
        "criteria": criteria,
        "awards": awards,
        "published_at": _iso(story.first_published_at),
        "updated_at": _iso(story.last_published_at or story.latest_revision_created_at),
        "occurred_at": _iso(occurred_at),
        "language": "vi",
    }


def payload_json(payload):
    """The exact bytes sent and signed: compact UTF-8 JSON, Vietnamese unescaped."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
