"""Read-side queries for the portal: which stories a citizen sees, filtered and paginated.

Every listing goes through `public_stories()`, so drafts, pages in review and private pages can
never leak into the index, the feeds, the home page or search results.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.http import QueryDict
from django.utils.translation import gettext as _
from wagtail.models import PageViewRestriction

from .conf import get_setting
from .models import (
    KIND_SLUGS,
    SUBJECT_SLUGS,
    EmulationMovement,
    Field,
    StoryKind,
    StoryPage,
    SubjectKind,
    Unit,
)
from .text import search_key

MAX_PARAM_LENGTH = 200
MAX_QUERY_WORDS = 8


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


@dataclass(frozen=True)
class ActiveFilter:
    param: str
    label: str
    remove_url: str


def _clean_text(value):
    """Query-string values arrive as anything: cap length and drop control characters."""
    value = (value or "").strip()
    if len(value) > MAX_PARAM_LENGTH or any(ord(ch) < 32 for ch in value):
        return None
    return value


def _parse_int(value, low, high):
    """A whole number written with ASCII digits within [low, high], else None.

    Not `str.isdigit()` alone: it accepts "²" or "①", which int() then refuses; and int() also
    refuses more than 4300 digits, so a long value is turned away before it gets there.
    """
    if len(value) <= 9 and value.isascii() and value.isdigit() and low <= int(value) <= high:
        return int(value)
    return None


class StoryFilter:
    """Parses the index's GET parameters; each bad value becomes a message, never an exception."""

    def __init__(self, params):
        self.params = params
        self.errors = []
        self.active = []  # (param, label)
        self.conditions = Q()
        self.words = []
        self.page_number = 1
        self._parse()

    def _error(self, message):
        self.errors.append(message)

    def _lookup(self, param, model, lookup, label_prefix):
        raw = self.params.get(param)
        if not raw:
            return
        value = _clean_text(raw)
        obj = model.objects.filter(slug=value).first() if value else None
        if obj is None:
            self._error(
                _("Unknown value for “%(filter)s”; it was ignored.") % {"filter": label_prefix}
            )
            return
        self.conditions &= Q(**{lookup: obj})
        self.active.append((param, f"{label_prefix}: {obj}"))

    def _parse(self):
        kind_slug = self.params.get("loai")
        if kind_slug:
            if kind_slug in KIND_SLUGS:
                kind = KIND_SLUGS[kind_slug]
                self.conditions &= Q(kind=kind)
                self.active.append(("loai", StoryKind(kind).label))
            else:
                self._error(_("Unknown story kind; it was ignored."))

        self._lookup("don-vi", Unit, "unit", _("Unit"))
        self._lookup("linh-vuc", Field, "field", _("Field"))
        self._lookup("phong-trao", EmulationMovement, "movement", _("Movement"))

        subject = self.params.get("doi-tuong")
        if subject:
            if subject in SUBJECT_SLUGS:
                value = SUBJECT_SLUGS[subject]
                self.conditions &= Q(subject_kind=value)
                self.active.append(("doi-tuong", SubjectKind(value).label))
            else:
                self._error(_("Unknown subject; it was ignored."))

        year = self._int("nam", 2000, 2100, _("The year must be a number such as 2026."))
        if year:
            self.conditions &= Q(quarter_year=year)
            self.active.append(("nam", _("Year %(year)s") % {"year": year}))
        quarter = self._int("quy", 1, 4, _("The quarter must be 1, 2, 3 or 4."))
        if quarter:
            self.conditions &= Q(quarter_number=quarter)
            self.active.append(("quy", _("Quarter %(quarter)s") % {"quarter": quarter}))

        raw_q = self.params.get("q")
        if raw_q:
            q = _clean_text(raw_q)
            if q is None:
                self._error(_("The search text is too long or contains invalid characters."))
            else:
                # The words as a phrase, on word boundaries, diacritics folded on both sides.
                key = search_key(q)
                self.words = key.split()[:MAX_QUERY_WORDS]
                if self.words:
                    self.conditions &= Q(search_text__contains=f" {' '.join(self.words)} ")
                    self.active.append(("q", _("Search: %(q)s") % {"q": q}))

        page = self.params.get("trang")
        if page:
            number = _parse_int(page, 1, 10**6 - 1)
            if number is not None:
                self.page_number = number
            else:
                self._error(_("Invalid page number; showing the first page."))

    def _int(self, param, low, high, message):
        raw = self.params.get(param)
        if not raw:
            return None
        number = _parse_int(raw, low, high)
        if number is not None:
            return number
        self._error(message)
        return None

    def remove_url(self, param):
        params = QueryDict(mutable=True)
        for key in self.params:
            if key not in (param, "trang"):
                params.setlist(key, self.params.getlist(key))
        encoded = params.urlencode()
        return f"?{encoded}" if encoded else "?"

    def active_filters(self):
        return [ActiveFilter(p, label, self.remove_url(p)) for p, label in self.active]

    def page_url(self, number):
        params = self.params.copy()
        params["trang"] = str(number)
        return f"?{params.urlencode()}"


def story_listing(*, index, params, request=None):
    """Context for the index page: the filtered page of stories and everything the form needs."""
    story_filter = StoryFilter(params)
    stories = for_cards(public_stories(index).filter(story_filter.conditions))
    paginator = Paginator(stories, get_setting("STORIES_PER_PAGE"))
    per_year = _stories_per_year(index)
    if not story_filter.conditions:
        paginator.count = sum(per_year.values())  # the same stories: no COUNT(*) query
    number = min(story_filter.page_number, paginator.num_pages)
    if number != story_filter.page_number:
        story_filter.errors.append(_("That page does not exist; showing the last page."))
    page_obj = paginator.page(number)
    return {
        "stories": page_obj,
        "paginator": paginator,
        "page_links": [
            (n, story_filter.page_url(n)) for n in paginator.get_elided_page_range(number)
        ],
        "previous_url": story_filter.page_url(number - 1) if page_obj.has_previous() else None,
        "next_url": story_filter.page_url(number + 1) if page_obj.has_next() else None,
        "active_filters": story_filter.active_filters(),
        "filter_errors": story_filter.errors,
        "filter_values": {key: params.get(key, "") for key in params},
        "kind_choices": [(slug, StoryKind(kind).label) for slug, kind in KIND_SLUGS.items()],
        "subject_choices": [(slug, SubjectKind(k).label) for slug, k in SUBJECT_SLUGS.items()],
        "units": Unit.objects.filter(active=True).only("name", "slug"),
        "fields": Field.objects.only("name", "slug"),
        "movements": EmulationMovement.objects.only("name", "slug"),
        "years": sorted((year for year in per_year if year is not None), reverse=True),
        "search_query": params.get("q", "")[:MAX_PARAM_LENGTH],
        # Feed links follow the filters the reader chose (but not the page number).
        "feed_query": story_filter.remove_url("trang") if story_filter.active else "",
    }


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


def default_index():
    """The first live story index (one per site in practice), or None."""
    from .models import ExemplarIndexPage

    return ExemplarIndexPage.objects.live().first()


STORY_INDEX_LINK_KEY = "exemplar_stories:story_index_link"


def story_index_link(request=None):
    """{"url", "title"} of the story index for every page's navigation, or None.

    Cached (no query on the pages rendered most); forgotten whenever a page is published,
    unpublished, moved or renamed (signal_handlers.invalidate_page_cache).
    """
    from django.core.cache import cache

    link = cache.get(STORY_INDEX_LINK_KEY)
    if link is None:
        index = default_index()
        link = {"url": index.get_url(request), "title": index.title} if index else {}
        cache.set(STORY_INDEX_LINK_KEY, link, 3600)
    return link or None


def forget_story_index_link():
    from django.core.cache import cache

    cache.delete(STORY_INDEX_LINK_KEY)
