"""The public search: what a citizen types, matched by Wagtail's search index and ranked here.

- **Matching** goes through Wagtail's search backend (`WAGTAILSEARCH_BACKENDS`: SQLite FTS5 or
  PostgreSQL full-text search): every word, folded ("điển" → "dien", "đ" → "d"), must be in the
  story's indexed folded text (`StoryPage.search_text`: title, summary, subject, unit, field,
  movement, kind, criteria and body), in any order (AND). The index answers a subquery of story
  ids, so the search is one more condition of the index's filter form and combines with every
  other filter and with the feeds. A "quoted phrase" must also appear as written, word after word.
- **Ranking** is the same on both databases, on the two short columns a story stores for it
  (`search_heading`: title, subject and kind; `search_summary`), each folded and as written: a word
  in the heading counts 4, in the summary 2, elsewhere 1; a word typed with diacritics and found
  spelt so in the heading or summary adds 3 (so "tô" ranks "tô" above "tổ"); the words side by
  side, in the order typed, anywhere, add 2. Ties: newest first.
- **Nothing found**: `suggestion()` proposes the closest words of the stories' titles and
  subjects and, if they find something, the listing shows it ("Có phải bạn muốn tìm …"). On
  PostgreSQL the candidates are the headings nearest to each word by pg_trgm's word similarity
  (a GiST trigram index: typo tolerance over every story, "hoa giaj" → "hòa giải"); on SQLite,
  the simpler fallback, the headings of the newest FALLBACK_CANDIDATES stories.
- **Snippets**: `highlight()` escapes the text and marks the matched words.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Cast
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..core.text import exact_words, fold, folded_words

MAX_QUERY_WORDS = 8
SUGGESTION_CANDIDATES = 10  # PostgreSQL: headings nearest to each word (trigram index)
FALLBACK_CANDIDATES = 500  # SQLite: headings of the newest stories
CLOSE_ENOUGH = 0.75  # difflib ratio for a word to be proposed ("giaj" → "giai": 0.75)
MIN_CORRECTED_LENGTH = 3  # shorter words are too ambiguous to correct

# The listing ranks the newest CANDIDATES matches of the heading and of the whole text, read
# from the index in its order, and counts no further ("more than 500 stories").
CANDIDATES = 500

HEADING_WEIGHT, SUMMARY_WEIGHT, OTHER_WEIGHT, EXACT_BONUS, ADJACENT_BONUS = 4, 2, 1, 3, 2

_QUOTED = re.compile(r'"([^"]*)"')
_TOKENS = re.compile(r"([^\W_]+)")


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # as typed (cleaned)
    words: tuple  # folded, in order, without repeats
    exact: tuple = ()  # words typed with diacritics, lowercased NFC
    phrases: tuple = ()  # folded words of each quoted phrase of two words or more
    display: tuple = field(default=(), compare=False)  # the words as typed, for suggestions

    def __bool__(self):
        return bool(self.words)


def parse(text):
    """The words and phrases of a search box's text (at most MAX_QUERY_WORDS words)."""
    phrases = []
    for quoted in _QUOTED.findall(text):
        words = folded_words(quoted)[:MAX_QUERY_WORDS]
        if len(words) > 1:
            phrases.append(tuple(words))
    words, exact, display = [], [], []
    for typed in exact_words(text):
        for folded in folded_words(typed):
            if folded not in words and len(words) < MAX_QUERY_WORDS:
                words.append(folded)
                display.append(typed)
                if fold(typed) != typed and typed not in exact:
                    exact.append(typed)
    return ParsedQuery(text, tuple(words), tuple(exact), tuple(phrases), tuple(display))


def _padded(words):
    return f" {' '.join(words)} "


def index_matches(words):
    """Ids of the stories whose indexed text holds every word, as a subquery from Wagtail's
    search backend; None when the backend cannot give one (then the caller scans)."""
    from wagtail.search.backends import get_search_backend

    from ..models import StoryPage

    results = get_search_backend().search(
        " ".join(words), StoryPage, operator="and", order_by_relevance=False
    )
    get_queryset = getattr(results, "get_queryset", None)  # SQLite and PostgreSQL backends
    if get_queryset is None:
        return None
    return get_queryset().values("pk")


# --- The listing: the engine's best matches, ranked here -------------------------------------


@dataclass(frozen=True)
class Results:
    stories: object  # a queryset of the stories found, best first
    count: int | None  # how many were ranked (None: let the paginator count)
    capped: bool = False  # more than CANDIDATES stories found: "more than CANDIDATES"

    @property
    def more_than(self):
        return CANDIDATES if self.capped else None


def _entries(words, *, heading):
    """Wagtail's index entries of the stories holding every folded word (in the folded
    heading only, with `heading`), read through the full-text index (FTS5 MATCH, or the GIN
    index of the body or autocomplete vector on PostgreSQL), annotated with `story_id`; their
    primary key is the index entry's id, newest last."""
    from modelsearch.utils import get_descendants_content_types_pks
    from wagtail.search import models as search_models

    from ..models import StoryPage

    content_types = get_descendants_content_types_pks(StoryPage)
    if connection.vendor == "sqlite":
        fts = search_models.SQLiteFTSIndexEntry
        match = " AND ".join(f'"{word}"' for word in words)  # folded: [a-z0-9]+ only
        if heading:
            match = f"{{autocomplete}} : ({match})"
        # FTS5's hidden column named after the table (unqualified: it stays right when the
        # query is a subquery and the table is aliased), as modelsearch's own MATCH does.
        entries = fts.objects.filter(index_entry__content_type_id__in=content_types).extra(
            where=[f"{fts._meta.db_table} MATCH %s"], params=[match]
        )
        return entries.annotate(story_id=Cast("index_entry__object_id", IntegerField()))
    from django.contrib.postgres.search import SearchQuery

    tsquery = SearchQuery(" & ".join(words), search_type="raw", config="simple")
    column = "autocomplete" if heading else "body"
    entries = search_models.IndexEntry.objects.filter(
        content_type_id__in=content_types, **{column: tsquery}
    )
    return entries.annotate(story_id=Cast("object_id", IntegerField()))


def _database_engine():
    """Whether Wagtail's search backend is the database's own (FTS5 or PostgreSQL)."""
    from wagtail.search.backends import get_search_backend

    names = {cls.__name__ for cls in type(get_search_backend()).__mro__}
    return bool(names & {"SQLiteSearchBackend", "PostgresSearchBackend"})


def candidates(stories, query, limit=None):
    """Ids of the stories of `stories` (the filters applied) that hold every word of `query`:
    the newest `limit` index entries holding them all in the heading, and the newest `limit`
    holding them anywhere. The index gives its entries newest first (FTS5 rowid order, the
    primary key on PostgreSQL) and the filters are a condition of the same query (one EXISTS
    per entry read), so it stops after `limit` stories that pass them: the cost does not grow
    with the number of stories, and a narrow filter with a common word still finds its own."""
    limit = limit or CANDIDATES
    for phrase in query.phrases:
        stories = stories.filter(search_text__contains=_padded(phrase))
    from wagtail.search.models import IndexEntry

    shown = Exists(stories.filter(pk=OuterRef("story_id")))
    windows = [
        _entries(query.words, heading=heading).filter(shown).order_by("-pk").values("pk")[:limit]
        for heading in (True, False)
    ]
    # One query: the two windows' stories (UNION), each window's entries read by their id.
    heading, anywhere = (
        IndexEntry.objects.filter(pk__in=window).values_list(
            Cast("object_id", IntegerField()), flat=True
        )
        for window in windows
    )
    return list(heading.union(anywhere))


def results(stories, conditions, query):
    """The stories of `stories` (public, ready for cards) that meet `conditions` (the other
    filters) and answer `query`, best first: the index's candidates, ranked here."""
    if not _database_engine():
        found = stories.filter(conditions & condition(query))  # another backend: scan
        return Results(order(found, query), None)
    ids = candidates(stories.filter(conditions), query, CANDIDATES + 1)  # one more: "more than"
    # The heading's entries are some of all the entries: more than CANDIDATES ids means more
    # than CANDIDATES stories found, all of them ranked (the pages go through them all).
    return Results(order(stories.filter(pk__in=ids), query), len(ids), len(ids) > CANDIDATES)


def condition(query):
    """The Q a search adds to the index's filters (and to the feeds')."""
    if not query:
        return Q()
    matches = index_matches(query.words)
    if matches is None:  # a backend without a queryset: every word, on word boundaries
        result = Q()
        for word in query.words:
            result &= Q(search_text__contains=_padded([word]))
    else:
        result = Q(pk__in=matches)
    for phrase in query.phrases:
        result &= Q(search_text__contains=_padded(phrase))
    return result


def _contains(column, text):
    return Q(**{f"{column}__contains": text})


def rank(query):
    """An integer expression: the higher, the better the story answers `query`."""
    terms = []
    for word in query.words:
        padded = _padded([word])
        terms.append(
            Case(
                When(_contains("search_heading", padded), then=Value(HEADING_WEIGHT)),
                When(_contains("search_summary", padded), then=Value(SUMMARY_WEIGHT)),
                default=Value(OTHER_WEIGHT),
                output_field=IntegerField(),
            )
        )
    for word in query.exact:
        padded = _padded([word])
        terms.append(
            Case(
                When(
                    _contains("search_heading", padded) | _contains("search_summary", padded),
                    then=Value(EXACT_BONUS),
                ),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    if len(query.words) > 1:
        terms.append(
            Case(
                When(_contains("search_text", _padded(query.words)), then=Value(ADJACENT_BONUS)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def order(queryset, query):
    """`queryset` best first: rank, then newest, then the newest id."""
    return queryset.alias(search_rank=rank(query)).order_by(
        "-search_rank", "-first_published_at", "-pk"
    )


def _spelt(piece):
    return unicodedata.normalize("NFC", piece).lower()


def highlight(text, query):
    """`text` escaped, the words searched for in <mark>: safe HTML. A word typed with
    diacritics marks the words spelt so ("điển": "Điển", not "điện"), or its folded matches
    when `text` has none spelt so; a word typed without them marks every folded match."""
    if not text:
        return ""
    pieces = _TOKENS.split(text)
    spellings = {_spelt(piece) for piece in pieces[1::2]}
    exact, folded = set(), set()
    for word, typed in zip(query.words, query.display, strict=True):
        typed = _spelt(typed)
        if fold(typed) != typed and typed in spellings:
            exact.add(typed)
        else:
            folded.add(word)
    parts = []
    for index, piece in enumerate(pieces):
        if index % 2 and (_spelt(piece) in exact or fold(piece) in folded):
            parts.append(f"<mark>{escape(piece)}</mark>")
        else:
            parts.append(escape(piece))
    return mark_safe("".join(parts))  # noqa: S308 — every piece is escaped above


def annotate_snippets(stories, query):
    """Give each story of a page of results its highlighted title and summary."""
    for story in stories:
        story.search_title = highlight(story.title, query)
        story.search_snippet = highlight(story.summary, query)


# --- "Có phải bạn muốn tìm …" -----------------------------------------------------------------


def _heading_words(heading):
    """(folded word, word as written) pairs of a stored `search_heading`."""
    folded, _, written = heading.strip().partition(" | ")
    folded, written = folded.split(), written.split()
    if len(folded) != len(written):  # a word folding into two: keep the folded spelling
        written = folded
    return list(zip(folded, written, strict=True))


# One query: for each word, the live stories' headings nearest to it by pg_trgm's word
# similarity distance, read in that order from the GiST trigram index (migration 0010).
_NEAREST_HEADINGS = (
    "(SELECT s.search_heading FROM exemplar_stories_storypage s"
    " JOIN wagtailcore_page p ON p.id = s.page_ptr_id WHERE p.live"
    " ORDER BY %s <<-> s.search_heading LIMIT %s)"
)


def _candidate_headings(queryset, words):
    if connection.vendor == "postgresql":
        sql = " UNION ALL ".join([_NEAREST_HEADINGS] * len(words))
        params = [value for word in words for value in (word, SUGGESTION_CANDIDATES)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]
    return list(queryset.values_list("search_heading", flat=True)[:FALLBACK_CANDIDATES])


def suggestion(queryset, query):
    """A better query for one that found nothing, or None: each word replaced by the closest
    word of a public story's title or subject (spelt as there), if one is close enough."""
    if not query:
        return None
    vocabulary = {}
    for heading in _candidate_headings(queryset, query.words):
        for folded, written in _heading_words(heading):
            vocabulary.setdefault(folded, written)
    if not vocabulary:
        return None
    words, changed = [], False
    for folded, typed in zip(query.words, query.display, strict=True):
        if folded in vocabulary:
            words.append(typed if fold(typed) != typed else vocabulary[folded])
            continue
        close = len(folded) >= MIN_CORRECTED_LENGTH and difflib.get_close_matches(
            folded, vocabulary, n=1, cutoff=CLOSE_ENOUGH
        )
        if close:
            words.append(vocabulary[close[0]])
            changed = True
        else:
            words.append(typed)
    if not changed:
        return None
    return parse(" ".join(words))
