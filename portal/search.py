"""Search input, made safe once for every search box: Wagtail's database search backend, wrapped.

Every search in the admin (pages, the page chooser, images, documents, snippets, users, the
admin API's `?search=`) and any `Page.objects.search()` reaches the backend's `_search()`: the
query is normalised there, so no view has to remember to do it (issue #13):

- control characters (NUL among them, which PostgreSQL refuses with a DataError) and lone
  surrogates are removed; the text is put in NFC, the form the index is stored in;
- at most `MAX_SEARCH_WORDS` words and `MAX_SEARCH_CHARS` characters are kept: the backends
  build one nested expression per word, and a few hundred words raised RecursionError.

`SearchBackend(params)` is what `WAGTAILSEARCH_BACKENDS` names (as Wagtail's own
`wagtail.search.backends.database` is): the backend for the database in use, with the cap.
`QueryStringMiddleware` does the same for the admin's query strings, which also reach the ORM
without a search backend (wagtail-modeladmin's list search and filters).
"""

import re
import unicodedata

from modelsearch.backends.database import SearchBackend as database_search_backend
from modelsearch.query import Boost, Fuzzy, Not, Phrase, PlainText, SearchQuery

MAX_SEARCH_WORDS = 50
MAX_SEARCH_CHARS = 500

# C0 and C1 controls (tab and newline too: a search box is one line), DEL, lone surrogates.
UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_query_text(text, *, max_words=MAX_SEARCH_WORDS, max_chars=MAX_SEARCH_CHARS):
    """The search text without control characters, in NFC, capped in words and characters."""
    text = unicodedata.normalize("NFC", UNSAFE_CHARS.sub(" ", str(text)))
    words = text.split()
    if len(words) > max_words:
        text = " ".join(words[:max_words])
    return text[:max_chars].strip()


def _leaf_text(text, max_words=MAX_SEARCH_WORDS):
    # A double quote inside a term ends the quoted string SQLite's full-text backend wraps each
    # term in ("unterminated string"): at the backend, quotes are only word separators (the
    # admin's page search has already turned "phrases" into Phrase queries).
    return clean_query_text(str(text).replace('"', " "), max_words=max_words)


def clean_query(query):
    """A query string, or a parsed query (Wagtail's admin page search parses `"phrases"`
    into And/Or trees of PlainText and Phrase), with every text in it cleaned, the words of the
    whole query capped, and what is left empty dropped ("" when nothing is left: the backend
    answers no results)."""
    if not isinstance(query, SearchQuery):
        return _leaf_text(query)
    # Walked without recursion: first every node, parents before children (a tree deeper or
    # wider than a search box can type is cut), then children before parents, pruning.
    nodes, stack = [], [(query, 0)]
    while stack:
        node, depth = stack.pop()
        nodes.append(node)
        if isinstance(node, (Boost, Not)):
            stack.append((node.subquery, depth + 1))
        elif hasattr(node, "subqueries"):  # And, Or
            node.subqueries = list(node.subqueries)[:MAX_SEARCH_WORDS] if depth < 8 else []
            stack.extend((child, depth + 1) for child in reversed(node.subqueries))
    budget = MAX_SEARCH_WORDS
    for node in nodes:
        if isinstance(node, (PlainText, Phrase, Fuzzy)):
            node.query_string = _leaf_text(node.query_string, max_words=max(budget, 0))
            budget -= len(node.query_string.split())
    empty = set()
    for node in reversed(nodes):
        if isinstance(node, (PlainText, Phrase, Fuzzy)):
            is_empty = not node.query_string
        elif isinstance(node, (Boost, Not)):
            is_empty = id(node.subquery) in empty
        elif hasattr(node, "subqueries"):
            node.subqueries = [c for c in node.subqueries if id(c) not in empty]
            is_empty = not node.subqueries
        else:
            is_empty = False  # MatchAll, MatchNone
        if is_empty:
            empty.add(id(node))
    return "" if id(query) in empty else query


class CappedSearchMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        return super()._search(
            query_compiler_class, clean_query(query), model_or_queryset, **kwargs
        )


_capped_classes = {}


def SearchBackend(params):  # noqa: N802 — the name Wagtail looks up in a backend module
    # PostgreSQL: no stemming and no stop words. The default configuration is English, whose
    # stop words are Vietnamese words once folded ("to" for tổ, "do" for đồ, "no" for nợ).
    params = {"SEARCH_CONFIG": "simple", **params}
    backend = database_search_backend(params)
    base = type(backend)
    if base not in _capped_classes:
        _capped_classes[base] = type(f"Capped{base.__name__}", (CappedSearchMixin, base), {})
    backend.__class__ = _capped_classes[base]
    return backend
