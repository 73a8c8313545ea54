"""HTML that leaves the portal: one cleaner (`clean_html`) and a story's body as clean HTML.

Pure functions of the story and its image renditions: no network, no clock, no writes. The
public feeds and the syndication payload (and so the export bundle) all go through here.
"""

import re

from .text import strip_control_chars

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


def image_rendition(image):
    """The image's syndication rendition, or None when its file is missing (a lost upload
    must not stop a story from being published or sent)."""
    try:
        return image.get_rendition(IMAGE_FILTER)
    except OSError:  # includes Wagtail's SourceImageIOError
        return None


def _block_html(block, *, base_url):
    from django.utils.html import format_html

    kind = block.block_type
    value = block.value
    if kind == "paragraph":
        return str(value)  # RichText: Wagtail's internal page and document links expanded
    if kind == "image":
        from urllib.parse import urljoin

        rendition = image_rendition(value["image"])
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
