"""Surrogate keys: what each public response shows, so that a change purges exactly the cached
responses that show it (Varnish's xkey; `http_cache` writes them, `purge` purges them).

The views say what they show (`tag(request, …)`); `HttpCacheHeadersMiddleware` sends the keys
of a cacheable anonymous response as `xkey` and `Surrogate-Key` headers. The keys:

- ``all``: every cached response (moves, deletions, view restrictions, sites: purge all);
- ``nav``: every page (the main navigation names the story index);
- ``p<page id>``: a page itself; ``s<story id>``: a story's page and every page that shows
  its card (index, home, other stories' related stories) or its item (feeds);
- ``l<index id>`` + filters: the listing (every page number, and the feeds) of one
  combination of filters, e.g. ``l7.u3.y2024`` for unit 3 in 2024 (codes in `DIMENSIONS`);
  a publish purges every combination the story matches, before and after (`listing_keys_of`);
  ``l<index id>.q``: every search (any search may find any story);
  ``i<index id>``: every listing of the index (its year list changed);
- ``home``, ``sitemap``; ``taxonomy``: the listings and feeds (filter menus, categories);
  ``tu<id>``, ``tf<id>``, ``tm<id>``, ``ta<id>``: pages that show that unit, field,
  movement or award.
"""

from functools import wraps
from itertools import combinations

ALL = "all"
NAV = "nav"
HOME = "home"
SITEMAP = "sitemap"
TAXONOMY = "taxonomy"

# A listing's filter → (key code, the story's value of it). Order is the keys' order.
DIMENSIONS = (
    ("kind", "k", lambda story: story.kind),
    ("unit", "u", lambda story: story.unit_id),
    ("field", "f", lambda story: story.field_id),
    ("movement", "m", lambda story: story.movement_id),
    ("subject", "s", lambda story: story.subject_kind),
    ("year", "y", lambda story: story.quarter_year),
    ("quarter", "n", lambda story: story.quarter_number),
)
TAXONOMY_PREFIX = {"unit": "tu", "field": "tf", "emulationmovement": "tm", "award": "ta"}

REQUEST_ATTRIBUTE = "_surrogate_keys"


def tag(request, *keys):
    """Record that the response to `request` shows what `keys` name."""
    if request is None:
        return
    found = getattr(request, REQUEST_ATTRIBUTE, None)
    if found is None:
        found = set()
        setattr(request, REQUEST_ATTRIBUTE, found)
    found.update(str(key) for key in keys if key)


def keys_of(request):
    return set(getattr(request, REQUEST_ATTRIBUTE, ()))


def page_key(page_id):
    return f"p{page_id}"


def story_key(story_id):
    return f"s{story_id}"


def index_key(index_id):
    return f"i{index_id}"


def search_key(index_id):
    return f"l{index_id}.q"


def taxonomy_key(model_name, pk):
    prefix = TAXONOMY_PREFIX.get(model_name)
    return f"{prefix}{pk}" if prefix and pk is not None else None


def listing_key(index_id, values):
    """The key of one combination of filters: `values` maps a filter name to its value."""
    parts = [f"{code}{values[name]}" for name, code, _ in DIMENSIONS if values.get(name)]
    return ".".join([f"l{index_id}", *parts])


def form_values(filters):
    """The filter form's values as the listing key needs them (ids for the taxonomy)."""
    data = getattr(filters, "cleaned_data", {})
    values = {}
    for name, _code, _getter in DIMENSIONS:
        value = data.get(name)
        values[name] = getattr(value, "pk", value)
    return values


def tag_listing(request, index, filters):
    """The keys of a listing page or feed of `index` under `filters` (a bound filter form)."""
    keys = [ALL, NAV, TAXONOMY, page_key(index.pk), index_key(index.pk)]
    if getattr(filters, "words", None):
        keys.append(search_key(index.pk))
    else:
        keys.append(listing_key(index.pk, form_values(filters)))
    tag(request, *keys)


def tag_cards(request, stories):
    """A page shows these stories' cards (title, summary, unit name, image)."""
    for story in stories:
        if story is not None:
            tag(request, story_key(story.pk), taxonomy_key("unit", story.unit_id))


def tag_home(request, page, stories):
    """The home page: itself and the cards it shows (the quarter's exemplar, the latest)."""
    tag(request, ALL, NAV, HOME, page_key(page.pk))
    tag_cards(request, stories)


def tag_story(request, story, awards=()):
    """A story's own page: the story and the taxonomy it names."""
    tag(
        request,
        ALL,
        NAV,
        page_key(story.pk),
        story_key(story.pk),
        taxonomy_key("unit", story.unit_id),
        taxonomy_key("field", story.field_id),
        taxonomy_key("emulationmovement", story.movement_id),
        taxonomy_key("award", story.target_award_id),
        *(taxonomy_key("award", row.award_id) for row in awards),
    )


def listing_values(story):
    """The story's value of each listing filter (those it has), as stored on publish."""
    return {name: getter(story) for name, _code, getter in DIMENSIONS if getter(story)}


def listing_keys_of(values, index_id):
    """Every listing key whose filters a story with these `listing_values` matches: each subset
    of its values (2⁷ = 128 at most), so a listing filtered by unit 3 and 2024 is purged by a
    story of unit 3 in 2024, and a listing filtered by unit 4 is not."""
    present = [(name, values[name]) for name, _code, _getter in DIMENSIONS if values.get(name)]
    keys = []
    for size in range(len(present) + 1):
        for subset in combinations(present, size):
            keys.append(listing_key(index_id, dict(subset)))
    return keys


def tagged(view, *keys):
    """`view`, its responses tagged with `keys` (for views we do not own: the sitemap)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        tag(request, *keys)
        return view(request, *args, **kwargs)

    return wrapper
