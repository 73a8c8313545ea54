"""Read-side queries for the portal: which stories a citizen sees, filtered and paginated.

Every listing goes through `public_stories()`, so drafts, pages in review and private pages can
never leak into the index, the feeds, the home page or search results.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext as _
from wagtail.models import PageViewRestriction

from ..core.choices import KIND_SLUGS, SUBJECT_SLUGS, StoryKind, SubjectKind
from ..core.conf import get_setting
from ..models import EmulationMovement, Field, StoryPage, Unit
from . import search
from .filters import PARAMS, StoryIndexFilterForm


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
    stories = for_cards(public_stories(index).filter(filters.conditions))
    if query:
        stories = search.order(stories, query)
    paginator = Paginator(stories, per_page)
    per_year = _stories_per_year(index)
    if not filters.conditions:
        paginator.count = sum(per_year.values())  # the same stories: no COUNT(*) query
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
            found = search.order(
                for_cards(candidates.filter(search.condition(suggested))), suggested
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
        "units": Unit.objects.filter(active=True).only("name", "slug"),
        "former_units": Unit.objects.filter(active=False).only("name", "slug", "now_part_of"),
        "fields": Field.objects.only("name", "slug"),
        "movements": EmulationMovement.objects.only("name", "slug"),
        "years": sorted((year for year in per_year if year is not None), reverse=True),
        "search_query": filters.search_query(),
        "suggested_search": suggested.text if suggested else "",
        "suggested_search_url": filters.search_url(suggested.text) if suggested else "",
        # Feed links follow the filters the reader chose (but not the page number).
        "feed_query": filters.remove_url(PARAMS["page"]) if filters.active else "",
    }


def _first_page(paginator, queryset, per_page):
    """The first page's rows, read once (the page shows them); when the page is not full they
    are all the stories, so the paginator needs no COUNT(*)."""
    rows = list(queryset[:per_page])
    if len(rows) < per_page:
        paginator.count = len(rows)
    return rows


def _stories_per_year(index):
    """{quarter_year: number of public stories under `index`} (None for stories without one).

    One grouped scan gives both the year list of the filter form and, when no filter is
    active, the number of stories the paginator needs: the listing then reads the story rows
    once instead of twice (a `COUNT(*)` and a `SELECT DISTINCT quarter_year`, each a full
    scan of 10,000 stories on SQLite).
    """
    rows = public_stories(index).order_by().values_list("quarter_year").annotate(n=Count("pk"))
    return dict(rows)


def related_stories(story, limit=3):
    """Other public stories of the same unit or field, newest first."""
    condition = Q(unit_id=story.unit_id)
    if story.field_id:
        condition |= Q(field_id=story.field_id)
    return for_cards(public_stories().filter(condition).exclude(pk=story.pk))[:limit]


def latest_stories(limit=6):
    return for_cards(public_stories())[:limit]


def featured_exemplar(*, year, quarter):
    """This quarter's exemplar for the home page: the newest one counted for the quarter."""
    return (
        for_cards(public_stories())
        .filter(kind=StoryKind.EXEMPLAR, quarter_year=year, quarter_number=quarter)
        .first()
    )
