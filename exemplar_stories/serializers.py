"""Pure functions from a story to data for the outside world (JSON-LD, feeds, syndication).

No network, no clock, no writes of their own; HTML is cleaned in one place, `clean_html`.
"""

import json
import re

from django.utils.html import _json_script_escapes

from .text import strip_control_chars


def _iso(moment):
    from .models import PORTAL_TZ

    return moment.astimezone(PORTAL_TZ).isoformat(timespec="seconds") if moment else None


def story_json_ld(story, request=None):
    """schema.org Article as a string safe to place inside <script type="application/ld+json">."""
    url = story.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": strip_control_chars(story.title)[:110],
        "description": strip_control_chars(story.summary),
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "vi",
        "datePublished": _iso(story.first_published_at),
        "dateModified": _iso(story.last_published_at or story.first_published_at),
        "articleSection": str(story.kind_label),
        "about": {
            "@type": "Person" if story.subject_kind == "individual" else "Organization",
            "name": story.subject_name,
        },
        "author": {"@type": "Organization", "name": story.unit.name},
        "publisher": {"@type": "GovernmentOrganization", "name": "Sở Tư pháp"},
    }
    return json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)


# --- Syndication payload (schema: exemplar_stories/syndication/schema/story-v1.json) ----------

SCHEMA_VERSION = "1"
BODY_HTML_LIMIT = 64 * 1024  # bytes of UTF-8, including the "read on" link when cut
IMAGE_FILTER = "max-1600x1600"

# HTML that may leave the portal: everything else is unwrapped (tags) or dropped (attributes).
_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "div", "dl", "dt",
    "em", "figcaption", "figure", "footer", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "li", "ol", "p", "pre", "q", "s", "section", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ALLOWED_ATTRS = {"href", "src", "alt", "title", "width", "height", "colspan", "rowspan", "lang"}
# Dropped with their content.
_DROPPED_TAGS = {
    "script", "style", "template", "noscript", "link", "meta", "base", "head", "title", "form",
    "input", "button", "select", "textarea", "svg", "math", "frame", "frameset", "applet",
}  # fmt: skip
# Embedded players become a plain link to what they embed.
_EMBED_TAGS = {"iframe", "embed", "object", "video", "audio"}
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f]")


def safe_url(value, *, base_url):
    """An absolute http(s)/mailto/tel URL, or None for anything else (javascript:, data:, …)."""
    from urllib.parse import urljoin, urlsplit

    # Browsers ignore tabs, newlines and control characters inside URLs ("java\tscript:").
    value = _URL_NOISE.sub("", value or "")
    if not value:
        return None
    scheme = urlsplit(value).scheme.lower()
    if not scheme:
        value = urljoin(base_url, value)
        scheme = urlsplit(value).scheme.lower()
    return value if scheme in _SAFE_SCHEMES else None


def clean_html(html, *, base_url):
    """The one place HTML is made fit to leave the portal (payload, feeds, export).

    Absolute URLs only; no script, style, iframe, event handlers or javascript: URLs; embeds
    turned into plain links; only a small set of tags and attributes; no control characters.
    """
    from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction

    soup = BeautifulSoup(html or "", "html.parser")
    for node in soup.find_all(
        string=lambda s: isinstance(s, Comment | Declaration | Doctype | ProcessingInstruction)
    ):
        node.extract()
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        name = tag.name.lower()
        if name in _DROPPED_TAGS:
            tag.decompose()
        elif name in _EMBED_TAGS:
            target = safe_url(tag.get("src") or tag.get("data") or "", base_url=base_url)
            if target is None:
                source = tag.find("source", src=True)
                target = source and safe_url(source["src"], base_url=base_url)
            if target and urlsplit_scheme(target) in {"http", "https"}:
                link = soup.new_tag("a", href=target)
                link.string = target
                paragraph = soup.new_tag("p")
                paragraph.append(link)
                tag.replace_with(paragraph)
            else:
                tag.decompose()
    for tag in soup.find_all(True):
        if tag.name.lower() not in _ALLOWED_TAGS:
            tag.unwrap()
            continue
        for attr in list(tag.attrs):
            if attr.lower() not in _ALLOWED_ATTRS:
                del tag[attr]
            elif attr.lower() in {"href", "src"}:
                url = safe_url(tag[attr], base_url=base_url)
                if url is None:
                    del tag[attr]
                else:
                    tag[attr] = url
        if tag.name == "img" and not tag.get("src"):
            tag.decompose()
    return strip_control_chars(str(soup)).strip()


def urlsplit_scheme(url):
    from urllib.parse import urlsplit

    return urlsplit(url).scheme.lower()


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
        rendition = _rendition(image)
        if rendition is None:
            continue
        images.append(
            {"rendition": rendition, "alt": _text(alt), "caption": _text(caption), "image": image}
        )
    return images


def _rendition(image):
    """The image's syndication rendition, or None when its file is missing (a lost upload
    must not stop a story from being published or sent)."""
    try:
        return image.get_rendition(IMAGE_FILTER)
    except OSError:  # includes Wagtail's SourceImageIOError
        return None


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


def _block_html(block, *, base_url):
    from django.utils.html import format_html

    kind = block.block_type
    value = block.value
    if kind == "paragraph":
        return str(value)  # RichText: Wagtail's internal page and document links expanded
    if kind == "image":
        from urllib.parse import urljoin

        rendition = _rendition(value["image"])
        if rendition is None:
            return ""
        caption = format_html("<figcaption>{}</figcaption>", value["caption"])
        return format_html(
            '<figure><img src="{}" alt="{}" width="{}" height="{}">{}</figure>',
            urljoin(base_url, rendition.url),
            value["alt"],
            rendition.width,
            rendition.height,
            caption if value.get("caption") else "",
        )
    if kind == "video":
        return format_html('<p><a href="{}">{}</a></p>', value["url"], value["title"])
    if kind == "document":
        document = value["document"]
        return format_html(
            '<p><a href="{}">{}</a></p>', document.url, value.get("title") or document.title
        )
    return block.render()  # quote, key figures: plain templates


def story_body_html(story, *, base_url, limit=BODY_HTML_LIMIT):
    """The story's body as clean HTML under `limit` bytes, cut between blocks if need be."""
    from django.utils.html import format_html
    from django.utils.translation import gettext, override

    with override("vi"):
        more = format_html(
            '<p><a href="{}">{}</a></p>',
            story.get_full_url(),
            gettext("Read the whole story on the portal"),
        )
    parts, size = [], 0
    for block in story.body or []:
        html = clean_html(_block_html(block, base_url=base_url), base_url=base_url)
        length = len(html.encode()) + 1
        if size + length + len(more.encode()) > limit:
            parts.append(clean_html(more, base_url=base_url))
            break
        parts.append(html)
        size += length
    return "\n".join(parts)


def _named(obj):
    return {"name": _text(obj.name), "slug": obj.slug} if obj else None


def story_payload(story, *, event, base_url, occurred_at, images=None):
    """The syndication payload of a story (schema v1). `base_url` is the portal's root URL
    ("https://tuphap.example.vn"); `occurred_at` is when the event happened.

    No network and no clock: only the story, its relations and its image renditions are read.
    """
    from urllib.parse import urlsplit

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
        "id": f"urn:{urlsplit(base_url).hostname}:story:{story.syndication_uuid}",
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
