"""Atom, RSS and JSON Feed of the public stories, honouring the index's filters.

These are the pull channel of syndication: absolute URLs, stable ids (tag: URIs built from the
page id, which never changes), categories for kind, unit and field, the cleaned story body.
They answer conditional GETs (ETag / Last-Modified → 304) and page through the whole history
(RFC 5005 paged feeds: `next`/`previous`/`first` links, `?trang-feed=2`, …).
"""

import hashlib
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.translation import gettext as _

from ..core.html import story_body_html
from ..core.text import strip_control_chars
from . import surrogate_keys, versions
from .filters import FEED_PAGE_PARAM as PAGE_PARAM
from .filters import StoryIndexFilterForm
from .selectors import newest_first_sorted, public_stories

FEED_SIZE = 50
FEED_FORMAT_VERSION = "3"  # part of the ETag: bump when the feeds' output changes


@dataclass
class FeedPage:
    stories: list
    number: int
    has_next: bool
    etag: str
    last_modified: object  # aware datetime or None

    def url(self, request, number):
        params = request.GET.copy()
        if number == 1:
            params.pop(PAGE_PARAM, None)
        else:
            params[PAGE_PARAM] = str(number)
        query = params.urlencode()
        return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))

    def links(self, request):
        links = {"first": self.url(request, 1)}
        if self.number > 1:
            links["previous"] = self.url(request, self.number - 1)
        if self.has_next:
            links["next"] = self.url(request, self.number + 1)
        return links


def feed_page(index, request):
    """One page of the feed (newest first), with the validators for a conditional GET."""
    raw = request.GET.get(PAGE_PARAM, "1")
    if not (raw.isdigit() and 0 < int(raw) < 10**6):
        raise Http404("Invalid feed page")
    number = int(raw)
    filters = StoryIndexFilterForm(request.GET)
    stories = public_stories(index).filter(filters.conditions)
    if filters.by_time:
        stories = newest_first_sorted(stories)
    offset = (number - 1) * FEED_SIZE
    rows = list(stories.values_list("pk", "last_published_at")[offset : offset + FEED_SIZE + 1])
    if number > 1 and not rows:
        raise Http404("No such feed page")
    fingerprint = repr((FEED_FORMAT_VERSION, request.get_full_path(), rows)).encode()
    page_stories = list(stories[offset : offset + FEED_SIZE]) if rows else []
    request._feed_stories = page_stories  # their bodies are read together (_content_html)
    surrogate_keys.tag_listing(request, index, filters)
    surrogate_keys.tag_cards(request, page_stories)
    return FeedPage(
        stories=page_stories,
        number=number,
        has_next=len(rows) > FEED_SIZE,
        etag=f'"{hashlib.sha256(fingerprint).hexdigest()[:32]}"',
        last_modified=last_modified(request, rows),
    )


def last_modified(request, rows):
    """When the feed last changed: the public version's last change (every publish and
    withdrawal moves it, so a reader asking If-Modified-Since sees a story leave), and never
    before the newest publish of the stories it shows. Not `MAX(last_published_at)` over every
    matching story: that read every row per request (3.7× slower from 10,000 to 100,000
    stories), and did not move when a story was withdrawn."""
    moments = [moment for _pk, moment in rows if moment is not None]
    changed_at = versions.current(request).changed_at
    if changed_at is not None:
        moments.append(changed_at)
    return max(moments, default=None)


def conditional_feed(request, index, render):
    """304 when the reader's copy is current, else `render(page)` with ETag and Last-Modified."""
    page = feed_page(index, request)
    # HTTP dates have whole seconds: a reader's If-Modified-Since is this value, truncated.
    timestamp = int(page.last_modified.timestamp()) if page.last_modified else None
    not_modified = get_conditional_response(request, etag=page.etag, last_modified=timestamp)
    response = not_modified or render(page)
    response["ETag"] = page.etag
    if timestamp:
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = "public, max-age=300"
    return response


def story_guid(story, request):
    # A tag: URI (RFC 4151) stays the same when the title, slug or host name changes.
    return f"tag:{request.get_host().split(':')[0]},2019:story:{story.pk}"


def _clean(value):
    return strip_control_chars(str(value or ""))


def _as_html(value):
    """Plain text (a title, a summary) for an element the format reads as HTML: Atom's
    `<summary type="html">`, RSS's `<title>` and `<description>`. Escaped once here, and once
    more as XML by the feed writer, so a summary such as `"><img src=x onerror=…>` reaches the
    reader as those characters, never as an element. Only the story body is HTML (cleaned)."""
    return escape(_clean(value))


BODY_KEY = "exemplar_stories:feed_body:{pk}:{version}:{base}"
BODY_SECONDS = 30 * 24 * 60 * 60


def _content_html(story, request):
    """The story's cleaned body, rendered once per published revision (and host), not per
    request: a feed page of 50 stories reads them in one cache round trip. Keyed by the live
    revision and the last publish time, so a publish renders it again."""
    bodies = getattr(request, "_feed_bodies", None)
    if bodies is None:
        bodies = request._feed_bodies = {}
    if story.pk not in bodies:
        bodies.update(_bodies(getattr(request, "_feed_stories", None) or [story], request))
    return bodies[story.pk]


def _bodies(stories, request):
    base_url = request.build_absolute_uri("/").rstrip("/")
    base = hashlib.sha256(base_url.encode()).hexdigest()[:16]
    keys = {
        story.pk: BODY_KEY.format(
            pk=story.pk,
            version=f"{story.live_revision_id}-{story.last_published_at and story.last_published_at.timestamp()}",
            base=base,
        )
        for story in stories
    }
    found = cache.get_many(list(keys.values()))
    bodies, missing = {}, {}
    for story in stories:
        key = keys[story.pk]
        if key not in found:
            found[key] = missing[key] = story_body_html(story, base_url=base_url)
        bodies[story.pk] = found[key]
    if missing:
        cache.set_many(missing, BODY_SECONDS)
    return bodies


class PagedAtom1Feed(Atom1Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for rel, href in self.feed.get("paging", {}).items():
            handler.addQuickElement("link", "", {"rel": rel, "href": href})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class PagedRssFeed(Rss201rev2Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for rel, href in self.feed.get("paging", {}).items():
            handler.addQuickElement("atom:link", None, {"rel": rel, "href": href})


class StoryRssFeed(Feed):
    feed_type = PagedRssFeed

    def __init__(self, index, page=None):
        super().__init__()
        self.index = index
        self.page = page

    def __call__(self, request, *args, **kwargs):
        if self.page is None:
            return conditional_feed(request, self.index, self._render_page(request))
        return super().__call__(request, *args, **kwargs)

    def _render_page(self, request):
        def render(page):
            return type(self)(self.index, page)(request)

        return render

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def feed_extra_kwargs(self, obj):
        return {"paging": self.page.links(self.request)}

    def title(self, obj):
        return _as_html(obj.title)  # RSS <title>: read as HTML by many readers

    def link(self, obj):
        return obj.get_url(self.request)

    def description(self, obj):
        return _as_html(obj.intro or obj.title)

    def feed_url(self, obj):
        return self.request.build_absolute_uri()

    def items(self, obj):
        return self.page.stories

    def item_title(self, item):
        return _as_html(item.title)

    def item_description(self, item):
        return _as_html(item.summary)  # RSS <description>, Atom <summary type="html">

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return story_guid(item, self.request)

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item):
        return _clean(item.unit.name)

    def item_categories(self, item):
        return [
            _clean(c)
            for c in (item.kind_label, item.unit.name, getattr(item.field, "name", ""))
            if c
        ]


class StoryAtomFeed(StoryRssFeed):
    """Atom's titles, subtitle, author names and categories are text constructs (no `type`,
    so plain text): they are written as text; its summary is `type="html"`, escaped."""

    feed_type = PagedAtom1Feed

    def item_extra_kwargs(self, item):
        return {"content_html": _content_html(item, self.request)}

    def title(self, obj):
        return _clean(obj.title)

    def item_title(self, item):
        return _clean(item.title)

    def description(self, obj):
        return _clean(obj.intro or obj.title)

    def subtitle(self, obj):
        return self.description(obj)


def json_feed(index, request):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1), paged with `next_url`."""
    return conditional_feed(request, index, lambda page: _json_feed(index, request, page))


def _json_feed(index, request, page):
    items = []
    for story in page.stories:
        item = {
            "id": story_guid(story, request),
            "url": story.get_full_url(request),
            "title": _clean(story.title),
            "summary": _clean(story.summary),
            "content_text": _clean(story.summary),
            "content_html": _content_html(story, request),
            "date_published": story.first_published_at.isoformat()
            if story.first_published_at
            else None,
            "date_modified": (story.last_published_at or story.first_published_at).isoformat()
            if story.first_published_at
            else None,
            "authors": [{"name": _clean(story.unit.name)}],
            "tags": [
                _clean(c)
                for c in (story.kind_label, story.unit.name, getattr(story.field, "name", ""))
                if c
            ],
            "language": "vi",
        }
        items.append({k: v for k, v in item.items() if v is not None})
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": _clean(index.title),
        "home_page_url": index.get_full_url(request),
        "feed_url": request.build_absolute_uri(),
        "next_url": page.links(request).get("next"),
        "description": _clean(index.intro) or _("Exemplar stories"),
        "language": "vi",
        "items": items,
    }
    data = {k: v for k, v in data.items() if v is not None}
    return JsonResponse(
        data,
        content_type="application/feed+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )
