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
  PostgreSQL the candidates are the words nearest to each word by pg_trgm's similarity among
  the words of every published story's heading (`SearchWord`, a GiST trigram index: typo
  tolerance over every story, "hoa giaj" → "hòa giải"); on SQLite, the simpler fallback, the
  headings of the newest FALLBACK_CANDIDATES stories.
- **Snippets**: `highlight()` escapes the text and marks the matched words.
"""

import difflib
import html
import json
import re
import time
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, IntegerField, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.safestring import mark_safe

from ..core.text import exact_words, fold, folded_words

MAX_QUERY_WORDS = 8
SUGGESTION_CANDIDATES = 10  # PostgreSQL: vocabulary words nearest to each word (trigram index)
FALLBACK_CANDIDATES = 500  # SQLite: headings of the newest stories
CLOSE_ENOUGH = 0.75  # difflib ratio for a word to be proposed ("giaj" → "giai": 0.75)
MIN_CORRECTED_LENGTH = 3  # shorter words are too ambiguous to correct

# The listing ranks the newest CANDIDATES matches of the heading and of the whole text, read
# from the index in its order, and counts no further ("more than 300 stories").
CANDIDATES = 300
# Filters that leave at most this many stories (a unit in one quarter) are searched in those
# stories' stored text: walking the index newest first, a common word tested the filters on
# every one of its matches before giving up short of CANDIDATES.
NARROW = 2000

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


WINDOWS = ("heading", "anywhere")
# PostgreSQL: the newest index entries a search reads first (see `_candidate_ids`).
RECENT_ENTRIES = 5000


def candidates(stories, query, limit=None, *, windows=WINDOWS, newer_than=None):
    """The ids of the stories of `stories` (the filters applied) that hold every word of
    `query`, as SQL: rows (window, story id), the newest `limit` index entries holding them all
    in the heading, and the newest `limit` holding them anywhere (`windows`: which of the two).
    The index gives its entries newest first (FTS5 rowid order, the primary key on PostgreSQL)
    and the filters are a condition of the same query (one EXISTS per entry read), so it stops
    after `limit` stories that pass them: the cost does not grow with the number of stories.
    `newer_than` (PostgreSQL): only the index entries with a greater id.

    Written as SQL around the stories' own compiled query: built with the ORM (two windows,
    each with the filters' EXISTS, in a UNION) it took longer to compile than to run."""
    from modelsearch.utils import get_descendants_content_types_pks
    from wagtail.search import models as search_models

    from ..models import StoryPage

    limit = limit or CANDIDATES
    for phrase in query.phrases:
        stories = stories.filter(search_text__contains=_padded(phrase))
    shown_sql, shown_params = stories.order_by().values(story_key=F("pk")).query.sql_with_params()
    content_types = ", ".join(str(int(pk)) for pk in get_descendants_content_types_pks(StoryPage))
    entries = _entries_table()
    shown = (
        f"w.content_type_id IN ({content_types}) AND EXISTS (SELECT 1 FROM ({shown_sql}) s"
        f" WHERE s.story_key = CAST(w.object_id AS integer))"
    )
    if connection.vendor == "sqlite":
        fts = search_models.SQLiteFTSIndexEntry._meta.db_table
        match = " AND ".join(f'"{word}"' for word in query.words)  # folded: [a-z0-9]+ only
        window = (
            f"SELECT f.rowid FROM {fts} f JOIN {entries} w ON w.id = f.rowid"
            f" WHERE f.{fts} MATCH %s AND {shown} ORDER BY f.rowid DESC LIMIT %s"
        )
        # The heading's column, then every column.
        matches = {
            "heading": (window, f"{{autocomplete}} : ({match})"),
            "anywhere": (window, match),
        }
        extra = []
    else:
        tsquery = " & ".join(query.words)
        if newer_than is None:
            extra = []
            window = (
                "SELECT w.id FROM {entries} w WHERE w.{column} @@ to_tsquery('simple', %s)"
                " AND {shown} ORDER BY w.id DESC LIMIT %s"
            )
        else:
            # The newest matches first, the filters then: the planner takes the recent matches
            # through a bitmap (all of them, unordered), and testing the filters on each was
            # most of the query. Twice `limit` leaves room for drafts and private stories; a
            # window short of `limit` reads the whole index again (_candidate_ids).
            extra = [newer_than, 2 * limit]
            window = (
                "SELECT w.id FROM (SELECT w.id, w.object_id, w.content_type_id FROM {entries} w"
                " WHERE w.{column} @@ to_tsquery('simple', %s) AND w.id > %s"
                " ORDER BY w.id DESC LIMIT %s) w WHERE {shown} ORDER BY w.id DESC LIMIT %s"
            )
        matches = {
            name: (window.format(entries=entries, column=column, shown=shown), tsquery)
            for name, column in (("heading", "autocomplete"), ("anywhere", "body"))
        }
    parts, params = [], []
    for name in windows:
        sql, match = matches[name]
        parts.append(
            f"SELECT {WINDOWS.index(name)}, CAST(e.object_id AS integer) FROM {entries} e"
            f" WHERE e.id IN ({sql})"
        )
        params += [match, *extra, *shown_params, limit]
    return RawSQL(" UNION ALL ".join(parts), params)


def _candidate_ids(stories, query, limit):
    """The ids `candidates()` gives, newest windows first, without repeats.

    PostgreSQL first reads only the newest RECENT_ENTRIES index entries, and reads the whole
    index again only for a window that found fewer than `limit` there: its planner, which
    guesses how many entries hold several words as if the words were unrelated ("trợ giúp pháp
    lý": 3,400 of 100,000 guessed, 27,600 true), took every match through the GIN index and
    sorted them (290 ms) rather than walk the newest entries until it had `limit` (7 ms)."""
    rows, windows = [], WINDOWS
    if connection.vendor == "postgresql":
        newest = _newest_entry_id()
        if newest > RECENT_ENTRIES:
            rows = _fetch(candidates(stories, query, limit, newer_than=newest - RECENT_ENTRIES))
            found = [sum(1 for window, _pk in rows if window == i) for i in range(len(WINDOWS))]
            windows = tuple(name for name, n in zip(WINDOWS, found, strict=True) if n < limit)
            rows = [row for row in rows if WINDOWS[row[0]] not in windows]
    if windows:
        rows += _fetch(candidates(stories, query, limit, windows=windows))
    return list(dict.fromkeys(pk for _window, pk in sorted(rows, key=lambda row: row[0])))


_NEWEST_ENTRY = {"id": 0, "read_at": float("-inf")}
NEWEST_ENTRY_SECONDS = 60


def _newest_entry_id():
    """The index's newest entry id, read at most once a minute per process (a search then
    costs no query for it). An old value only moves where "newest" starts: entries indexed
    since are newer still, so they are read too."""
    now = time.monotonic()
    if now - _NEWEST_ENTRY["read_at"] > NEWEST_ENTRY_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT max(id) FROM {_entries_table()}")
            _NEWEST_ENTRY["id"] = cursor.fetchone()[0] or 0
        _NEWEST_ENTRY["read_at"] = now
    return _NEWEST_ENTRY["id"]


def _entries_table():
    from wagtail.search import models as search_models

    return connection.ops.quote_name(search_models.IndexEntry._meta.db_table)


def _fetch(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql.sql, sql.params)
        return cursor.fetchall()


def _read_among(stories, conditions):
    """Whether to search `stories` (`conditions` applied) by reading each one's text: when the
    filters leave at most NARROW (one query, reading at most NARROW + 1 ids). Unfiltered, the
    index answers."""
    return bool(conditions) and _few(stories)


def _few(stories):
    sql, params = stories.order_by().values("pk")[: NARROW + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) few", params)
        return cursor.fetchone()[0] <= NARROW


def _candidates_among(stories, query, limit):
    """`candidates()` for few `stories`, read from their stored folded text (the same words,
    on word boundaries, that the index holds): the newest `limit` holding every word in the
    heading, and the newest `limit` holding them anywhere. One query of at most NARROW rows."""
    matching = stories
    for words in [[word] for word in query.words] + list(query.phrases):
        matching = matching.filter(search_text__contains=_padded(words))
    rows = list(matching.order_by("-pk").values_list("pk", "search_heading"))
    headed = [pk for pk, heading in rows if all(_padded([w]) in heading for w in query.words)]
    newest = [pk for pk, _heading in rows[:limit]]
    return list(dict.fromkeys(headed[:limit] + newest))


def _id_list(ids):
    """`ids` as one parameter (a JSON array read by `json_each`, a PostgreSQL array): the ORM's
    `pk__in=[…]` prepares each of up to 600 values."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::integer[])", [list(ids)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])


def results(stories, conditions, query):
    """The stories of `stories` (public, ready for cards) that meet `conditions` (the other
    filters) and answer `query`, best first: the index's candidates, ranked here. Each row
    carries `search_total`, how many were ranked (the candidates' count: no COUNT query)."""
    if not _database_engine():
        return order(stories.filter(conditions & condition(query)), query)  # another backend
    # One more than CANDIDATES: more than CANDIDATES ranked (the heading's entries are some of
    # all the entries) means more than CANDIDATES found ("more than"; the pages go through all).
    # The ids are read first (one query): counting them in the page's query (COUNT(*) OVER ())
    # made the database carry every candidate's whole card row, a third of the query's time.
    filtered = stories.filter(conditions)
    if _read_among(filtered, conditions):
        ids = _candidates_among(filtered, query, CANDIDATES + 1)
    else:
        ids = _candidate_ids(filtered, query, CANDIDATES + 1)
    if not ids:
        return stories.none()
    found = stories.filter(pk__in=_id_list(ids))
    return order(found, query).annotate(search_total=Value(len(ids), IntegerField()))


def more_than(count):
    """CANDIDATES when a search's `count` (of ranked stories) means more were found."""
    return CANDIDATES if count > CANDIDATES and _database_engine() else None


def condition(query):
    """The Q a search adds to the index's filters (and to the feeds'): every match."""
    if not query:
        return Q()
    if _database_engine():  # the full-text index itself (Wagtail's own query on PostgreSQL
        # matches `title || body`, which no index answers: a scan of every entry)
        result = Q(pk__in=_entries(query.words, heading=False).values("story_id"))
    else:
        # Another backend: its candidates when it gives a queryset, and every word on word
        # boundaries (Wagtail's generic database backend matches substrings: "hoa" in "hoang").
        matches = index_matches(query.words)
        result = Q() if matches is None else Q(pk__in=matches)
        for word in query.words:
            result &= Q(search_text__contains=_padded([word]))
    for phrase in query.phrases:
        result &= Q(search_text__contains=_padded(phrase))
    return result


def rank(query):
    """An integer expression: the higher, the better the story answers `query`. Written as
    SQL (a substring test per word and column, `instr` / `strpos`): Django's Case/When tree
    for four words took longer to compile than the database took to run it."""
    from ..models import StoryPage

    table = connection.ops.quote_name(StoryPage._meta.db_table)
    position = "strpos" if connection.vendor == "postgresql" else "instr"

    def holds(column):
        return f"{position}({table}.{connection.ops.quote_name(column)}, %s) > 0"

    terms, params = [], []
    for word in query.words:
        terms.append(
            f"CASE WHEN {holds('search_heading')} THEN {HEADING_WEIGHT}"
            f" WHEN {holds('search_summary')} THEN {SUMMARY_WEIGHT} ELSE {OTHER_WEIGHT} END"
        )
        params += [_padded([word])] * 2
    for word in query.exact:
        terms.append(
            f"CASE WHEN {holds('search_heading')} OR {holds('search_summary')}"
            f" THEN {EXACT_BONUS} ELSE 0 END"
        )
        params += [_padded([word])] * 2
    if len(query.words) > 1:
        terms.append(f"CASE WHEN {holds('search_text')} THEN {ADJACENT_BONUS} ELSE 0 END")
        params.append(_padded(query.words))
    return RawSQL(" + ".join(terms), params, output_field=IntegerField())


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
    spelt = [_spelt(piece) for piece in pieces[1::2]]
    exact, folded = set(), set()
    for word, typed in zip(query.words, query.display, strict=True):
        typed = _spelt(typed)
        if fold(typed) != typed and typed in spelt:
            exact.add(typed)
        else:
            folded.add(word)
    folds = {}  # each spelling folded once
    parts = [html.escape(pieces[0])]
    for word, spelling, between in zip(pieces[1::2], spelt, pieces[2::2], strict=True):
        if spelling not in folds:
            folds[spelling] = fold(spelling)
        if spelling in exact or folds[spelling] in folded:
            parts.append(f"<mark>{html.escape(word)}</mark>")
        else:
            parts.append(html.escape(word))
        parts.append(html.escape(between))
    return mark_safe("".join(parts))  # noqa: S308 — every piece is escaped above (html.escape)


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


# One query: for each word, the vocabulary's words nearest to it by pg_trgm's similarity
# distance, read in that order from the GiST trigram index over `SearchWord` (migration 0015).
_NEAREST_WORDS = (
    "(SELECT folded, written FROM exemplar_stories_searchword ORDER BY folded <-> %s LIMIT %s)"
)


def _candidate_words(queryset, words):
    """(folded, written) words that may replace a typed word: on PostgreSQL the vocabulary's
    words nearest to each; elsewhere the words of the newest FALLBACK_CANDIDATES headings."""
    if connection.vendor == "postgresql":
        sql = " UNION ALL ".join([_NEAREST_WORDS] * len(words))
        params = [value for word in words for value in (word, SUGGESTION_CANDIDATES)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    headings = queryset.values_list("search_heading", flat=True)[:FALLBACK_CANDIDATES]
    return [pair for heading in headings for pair in _heading_words(heading)]


def remember_words(story):
    """Add the words of a published story's heading to the suggestions' vocabulary."""
    from ..models import SearchWord
    from ..models.search_words import WORD_LENGTH

    words = {}
    for folded, written in _heading_words(story.search_heading or ""):
        # Numbers are not corrected ("2024" is no typo of "2025"): words of letters only.
        if folded.isalpha() and len(folded) <= WORD_LENGTH and len(written) <= WORD_LENGTH:
            words.setdefault(folded, written)
    SearchWord.objects.bulk_create(
        [SearchWord(folded=folded, written=written) for folded, written in words.items()],
        ignore_conflicts=True,
    )


def suggestion(queryset, query):
    """A better query for one that found nothing, or None: each word replaced by the closest
    word of a public story's title or subject (spelt as there), if one is close enough."""
    if not query:
        return None
    vocabulary = {}
    for folded, written in _candidate_words(queryset, query.words):
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
