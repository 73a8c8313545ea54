"""Atom, RSS and JSON Feed of the public stories, honouring the index's filters.

These are the pull channel of syndication: absolute URLs, stable ids (tag: URIs built from the
page id, which never changes), categories for kind, unit and field.
"""

from django.contrib.syndication.views import Feed
from django.http import JsonResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from .selectors import StoryFilter, public_stories
from .text import strip_control_chars

FEED_SIZE = 50


def feed_stories(index, params):
    story_filter = StoryFilter(params)
    return list(public_stories(index).filter(story_filter.conditions)[:FEED_SIZE])


def story_guid(story, request):
    # A tag: URI (RFC 4151) stays the same when the title, slug or host name changes.
    return f"tag:{request.get_host().split(':')[0]},2019:story:{story.pk}"


def _clean(value):
    return strip_control_chars(str(value or ""))


class StoryRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, obj):
        return _clean(obj.title)

    def link(self, obj):
        return obj.get_url(self.request)

    def description(self, obj):
        return _clean(obj.intro or obj.title)

    def feed_url(self, obj):
        return self.request.build_absolute_uri()

    def items(self, obj):
        return feed_stories(obj, self.request.GET)

    def item_title(self, item):
        return _clean(item.title)

    def item_description(self, item):
        return _clean(item.summary)

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
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


def json_feed(index, request):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    items = []
    for story in feed_stories(index, request.GET):
        item = {
            "id": story_guid(story, request),
            "url": story.get_full_url(request),
            "title": _clean(story.title),
            "summary": _clean(story.summary),
            "content_text": _clean(story.summary),
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
        "description": _clean(index.intro) or _("Exemplar stories"),
        "language": "vi",
        "items": items,
    }
    return JsonResponse(
        data,
        content_type="application/feed+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )
