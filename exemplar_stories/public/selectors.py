"""Read-side queries for the portal: which stories a citizen sees, filtered and paginated.

Every listing goes through `public_stories()`, so drafts, pages in review and private pages can
never leak into the index, the feeds, the home page or search results.
"""

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext as _
from wagtail.models import PageViewRestriction, Site

from ..core.choices import KIND_SLUGS, SUBJECT_SLUGS, StoryKind, SubjectKind
from ..core.conf import get_setting
from ..models import EmulationMovement, Field, StoryPage, Unit
from . import search, versions
from .filters import PARAMS, StoryIndexFilterForm
from .surrogate_keys import form_values


def public_stories(index=None):
    """Live stories that anonymous visitors may read, newest first, ready for cards."""
    queryset = StoryPage.objects.live().exclude(in_private_section())
    if index is not None:
        queryset = queryset.descendant_of(index)
    return queryset.select_related("unit", "field", "movement", "hero_image").order_by(
        "-first_published_at", "-pk"
    )


# What a story card never shows: left out of listings so that each row is not loaded and parsed
# (the body's StreamField JSON above all). Feeds and the export need them, so only the listings
# that render cards (index, home, related stories) use `for_cards()`.
CARD_DEFERRED_FIELDS = (
    "body",
    "search_text",
    "criterion_achievement",
    "criterion_observance",
    "criterion_compassion",
)


def for_cards(queryset):
    return queryset.defer(*CARD_DEFERRED_FIELDS)


def newest_first_sorted(queryset):
    """Newest first, sorted after filtering: for filters by year or quarter, whose stories lie
    together somewhere along the publication order, not spread over it.

    With `ORDER BY first_published_at DESC LIMIT n` PostgreSQL walks the publication-date
    index backwards and tests every story until it has n matches, expecting them spread evenly;
    for a year or quarter they are bunched (and for a quarter without stories, such as the
    home page's exemplar early in a quarter, there is none): at 100,000 stories it read 20,000
    rows for a 2024 filter (0.5 s) and every row for the home page (1.8 s). Ordering by an
    expression no index serves makes it take the matching rows through the filters' indexes
    and sort them (a top-n sort of the year's matches, SQLite's plan already). The same order:
    a live story always has a first publication date."""
    return queryset.order_by(Coalesce("first_published_at", "first_published_at").desc(), "-pk")


def served_by_a_site(stories):
    """`stories` under some site's root page: only those have an address. A live story in a
    section parked outside every site has none (`get_url()` is None), so no citizen can read it
    and the export has no url to give Sở Nội vụ (syndication's `readable_by_anyone` agrees)."""
    return stories.filter(
        Exists(Site.objects.filter(StartsWith(OuterRef("path"), F("root_page__path"))))
    )


def in_private_section():
    """Wagtail's `.public()` as a subquery: a page under (or at) a restricted page is private.

    `.public()` first fetches every restriction and builds the condition in Python: one more
    query in every listing, and a condition that grows with the number of restrictions.

    The per-row `EXISTS` is guarded by an uncorrelated one: while no page has a view restriction
    (the usual case) the database evaluates `EXISTS (any restriction)` once and skips the
    per-row check; on SQLite that per-row check was half the cost of counting 10,000 stories.
    """
    return Exists(PageViewRestriction.objects.all()) & Exists(
        PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))
    )


def story_listing(*, index, params, request=None):
    """Context for the index page: the filtered page of stories and everything the form needs."""
    filters = StoryIndexFilterForm(params)
    query = filters.parsed_search
    per_page = get_setting("STORIES_PER_PAGE")
    if query:  # the search index's candidates with the other filters (public/search.py)
        stories = search.results(
            for_cards(public_stories(index)), filters.conditions_without_search, query
        )
    else:
        stories = for_cards(public_stories(index).filter(filters.conditions))
        if filters.by_time:
            stories = newest_first_sorted(stories)
    paginator = Paginator(stories, per_page)
    version = versions.current(request).number
    per_year = _stories_per_year(index, version)
    if not filters.conditions:
        paginator.count = sum(per_year.values())  # the same stories: no COUNT(*) query
    elif not query:
        paginator.count = _filtered_count(index, filters, stories, version)
    first_rows = None
    if query and filters.page_number == 1:
        first_rows = _first_page(paginator, stories, per_page)
    suggested = None
    if query and first_rows == []:
        # Nothing found: the closest words of the stories' titles and subjects, if they find
        # something with the same filters ("Có phải bạn muốn tìm …"), and what they find.
        candidates = public_stories(index).filter(filters.conditions_without_search)
        suggested = search.suggestion(candidates, query)
        if suggested:
            found = search.results(
                for_cards(public_stories(index)), filters.conditions_without_search, suggested
            )
            found_paginator = Paginator(found, per_page)
            rows = _first_page(found_paginator, found, per_page)
            if rows == []:
                suggested = None
            else:
                query, paginator, first_rows = suggested, found_paginator, rows
    number = min(filters.page_number, paginator.num_pages)
    if number != filters.page_number:
        filters.messages.append(_("That page does not exist; showing the last page."))
    if first_rows is not None and number == 1:
        page_obj = Page(first_rows, 1, paginator)
    else:
        page_obj = paginator.page(number)
    if query:
        search.annotate_snippets(page_obj, query)
    searched = suggested.text if suggested else None
    return {
        "stories": page_obj,
        "paginator": paginator,
        "page_links": [
            (n, filters.page_url(n, searched)) for n in paginator.get_elided_page_range(number)
        ],
        "previous_url": filters.page_url(number - 1, searched) if page_obj.has_previous() else None,
        "next_url": filters.page_url(number + 1, searched) if page_obj.has_next() else None,
        "filters": filters,
        "filter_params": PARAMS,
        "active_filters": filters.active_filters(),
        # The filters folded behind "Lọc" on a phone (all but the search box) that are chosen.
        "folded_filter_count": sum(
            1 for param, _label in filters.active if param != PARAMS["search"]
        ),
        "filter_errors": filters.messages,
        "kind_choices": [(slug, StoryKind(kind).label) for slug, kind in KIND_SLUGS.items()],
        "subject_choices": [(slug, SubjectKind(k).label) for slug, k in SUBJECT_SLUGS.items()],
        **filter_menus(version),
        "years": sorted((year for year in per_year if year is not None), reverse=True),
        "search_query": filters.search_query(),
        "suggested_search": suggested.text if suggested else "",
        "suggested_search_url": filters.search_url(suggested.text) if suggested else "",
        # The search counted no further than its candidates: "more than 300 stories".
        "search_more_than": search.more_than(paginator.count) if query else None,
        # Feed links follow the filters the reader chose (but not the page number).
        "feed_query": filters.remove_url(PARAMS["page"]) if filters.active else "",
    }


def _first_page(paginator, queryset, per_page):
    """The first page's rows, read once (the page shows them); when the page is not full they
    are all the stories, so the paginator needs no COUNT(*)."""
    rows = list(queryset[:per_page])
    if len(rows) < per_page:
        paginator.count = len(rows)
    elif hasattr(rows[0], "search_total"):  # a search's rows say how many it ranked
        paginator.count = rows[0].search_total
    return rows


# What the listings cache is keyed by the public version (`versions`): read from the database by
# every worker, it changes with every publish, withdrawal, move, deletion, view restriction,
# site and catalogue change, so no worker serves a menu, a year or a count from before one, even
# with a per-process cache. Old versions' entries are never read again and expire.
LISTING_CACHE_SECONDS = 24 * 60 * 60
FILTER_MENUS_KEY = "exemplar_stories:filter_menus:{version}"


def filter_menus(version=None):
    """The units, fields and movements of the filter form's menus ({"slug", "name"} each): one
    cache read instead of three queries, per public version."""
    key = FILTER_MENUS_KEY.format(version=versions.current().number if version is None else version)
    menus = cache.get(key)
    if menus is None:
        menus = {
            "units": list(Unit.objects.filter(active=True).values("name", "slug")),
            # Former units, named as they were with "nay là …" (units in time, issue #20).
            "former_units": [
                {"slug": unit.slug, "label": str(unit.label)}
                for unit in Unit.objects.filter(active=False).only("name", "slug", "now_part_of")
            ],
            "fields": list(Field.objects.values("name", "slug")),
            "movements": list(EmulationMovement.objects.values("name", "slug")),
        }
        cache.set(key, menus, LISTING_CACHE_SECONDS)
    return menus


LISTING_COUNTS_KEY = "exemplar_stories:stories_per_year:{version}:{index}"
FILTERED_COUNT_KEY = "exemplar_stories:listing_count:{version}:{index}:{filters}"


def _stories_per_year(index, version):
    """{quarter_year: number of public stories under `index`} (None for stories without one).

    One grouped scan gives both the year list of the filter form and, when no filter is
    active, the number of stories the paginator needs. It reads every story row, so it is
    kept in the cache per public version: the index then costs the same at 100,000 stories as
    at 10,000, and the next change's version makes every worker count again.
    """
    key = LISTING_COUNTS_KEY.format(version=version, index=index.pk)
    counts = cache.get(key)
    if counts is None:
        rows = public_stories(index).order_by().values_list("quarter_year").annotate(n=Count("pk"))
        counts = dict(rows)
        cache.set(key, counts, LISTING_CACHE_SECONDS)
    return counts


def _filtered_count(index, filters, stories, version):
    """The number of stories a filtered listing (no search) shows, per public version: the
    `COUNT(*)` of its matching rows runs once per combination of filters and version, not per
    request (at 100,000 stories it was the filtered index's growth)."""
    values = form_values(filters)
    values["former"] = bool(filters.cleaned_data.get("former"))
    combination = ".".join(f"{name}={values[name]}" for name in sorted(values) if values[name])
    key = FILTERED_COUNT_KEY.format(version=version, index=index.pk, filters=combination)
    count = cache.get(key)
    if count is None:
        count = stories.count()
        cache.set(key, count, LISTING_CACHE_SECONDS)
    return count


def related_candidates(story, limit):
    """Other public stories of the same unit or field, newest first (chosen on publish)."""
    condition = Q(unit_id=story.unit_id)
    if story.field_id:
        condition |= Q(field_id=story.field_id)
    return for_cards(public_stories().filter(condition).exclude(pk=story.pk))[:limit]


def related_stories(story, limit=3):
    """The related stories chosen when the story was published (`purge.purge_story` stores
    them), those still public, in the order chosen; chosen now for a story without them.

    Chosen on publish, not per request: a new story then changes no other story's page (so a
    publish leaves them cached), and the page reads a few rows by primary key instead of
    sorting every story of the unit and field."""
    state = _published_state(story)
    if state is None:
        return list(related_candidates(story, limit))
    ids = state.related_ids
    rows = {s.pk: s for s in for_cards(public_stories()).filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows][:limit]


def _published_state(story):
    try:
        return story.published_story_state
    except ObjectDoesNotExist:
        return None


def latest_stories(limit):
    return for_cards(public_stories())[:limit]


def featured_exemplar(*, year, quarter):
    """This quarter's exemplar for the home page: the newest one counted for the quarter."""
    stories = for_cards(public_stories()).filter(
        kind=StoryKind.EXEMPLAR, quarter_year=year, quarter_number=quarter
    )
    return newest_first_sorted(stories).first()
