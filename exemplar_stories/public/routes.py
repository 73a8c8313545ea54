"""What the pages' routes serve, called from `models.pages` through its one seam
(`public_routes()`): the index's listing, a story's related stories and JSON-LD, the feeds.

The pages keep routing and loading their own rows; everything a citizen reads comes from here.
Each route also says what its response shows (`surrogate_keys.tag`), for the HTTP cache's
targeted purges (`purge`).
"""

from . import surrogate_keys
from .feeds import StoryAtomFeed, StoryRssFeed, json_feed
from .filters import PARAMS
from .json_ld import story_json_ld
from .selectors import related_stories, story_listing


def index_context(index, request):
    context = story_listing(index=index, params=request.GET, request=request)
    surrogate_keys.tag_listing(request, index, context["filters"])
    surrogate_keys.tag_cards(request, context["stories"])
    return context


def story_context(story, request, awards=()):
    related = list(related_stories(story))
    surrogate_keys.tag_story(request, story, awards)
    surrogate_keys.tag_cards(request, related)
    return {
        "related": related,
        "json_ld_text": story_json_ld(story, request),
        "filter_params": PARAMS,
    }


def feed_atom(index, request):
    return StoryAtomFeed(index)(request)


def feed_rss(index, request):
    return StoryRssFeed(index)(request)


def feed_json(index, request):
    return json_feed(index, request)
