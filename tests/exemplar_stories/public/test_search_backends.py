"""The public search on a search backend other than the database's own full-text index (a
site on MySQL, or one that moved Wagtail's search to Elasticsearch): the backend's queryset
finds the candidates (`search.index_matches`), or, where its results are hits and not a
queryset, the folded text is scanned word by word. Either way a search means every word."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from modelsearch.backends.database.fallback import DatabaseSearchBackend, DatabaseSearchResults

from ..support.factories import make_story

pytestmark = pytest.mark.django_db

INDEX_URL = "/dien-hinh-tien-tien/"
FEED_URL = "/dien-hinh-tien-tien/feed/rss/"


class HitsResults(DatabaseSearchResults):
    """Results as Elasticsearch gives them: hits read over HTTP, no queryset to filter by."""

    def __getattribute__(self, name):
        if name == "get_queryset":
            raise AttributeError(name)
        return super().__getattribute__(name)

    def _do_search(self):
        return list(DatabaseSearchResults.get_queryset(self))

    def _do_count(self):
        return DatabaseSearchResults.get_queryset(self).count()


class HitsBackend(DatabaseSearchBackend):
    results_class = HitsResults


class RecordingBackend(DatabaseSearchBackend):
    """Wagtail's generic database backend, noting what it is asked."""

    asked = []

    def search(self, query, model_or_queryset, **kwargs):
        RecordingBackend.asked.append((query, kwargs))
        return super().search(query, model_or_queryset, **kwargs)


GENERIC = {"default": {"BACKEND": "modelsearch.backends.database.fallback"}}
HITS = {"default": {"BACKEND": f"{__name__}.HitsBackend"}}
RECORDING = {"default": {"BACKEND": f"{__name__}.RecordingBackend"}}


def titles(client, q):
    response = client.get(INDEX_URL, {"q": q})
    assert response.status_code == 200
    return sorted(story.title for story in response.context["stories"])


@pytest.fixture
def stories():
    make_story("Mô hình hòa giải ở cơ sở")
    make_story("Hòa nhập cộng đồng")  # "hòa" alone
    make_story("Giải thưởng Hoàng Sa")  # "giải", and "hoàng", which folds to "hoang"


def test_another_database_backend_finds_the_stories_holding_every_word(client, stories):
    with override_settings(WAGTAILSEARCH_BACKENDS=GENERIC):
        assert titles(client, "hoa giai") == ["Mô hình hòa giải ở cơ sở"]
        assert titles(client, "hòa") == ["Hòa nhập cộng đồng", "Mô hình hòa giải ở cơ sở"]
        assert titles(client, '"giai thuong"') == ["Giải thưởng Hoàng Sa"]
        assert titles(client, "khong co gi") == []
        feed = client.get(FEED_URL, {"q": "hoa giai"}).content.decode()
        assert "Mô hình hòa giải ở cơ sở" in feed
        assert "Hoàng Sa" not in feed and "Hòa nhập" not in feed


def test_a_backend_of_hits_scans_the_folded_text_for_every_whole_word(client, stories):
    with override_settings(WAGTAILSEARCH_BACKENDS=HITS):
        assert titles(client, "hoa giai") == ["Mô hình hòa giải ở cơ sở"]
        # "hoa" is a word of its own: "Hoàng" does not hold it.
        assert titles(client, "hoa") == ["Hòa nhập cộng đồng", "Mô hình hòa giải ở cơ sở"]
        assert titles(client, "hoang sa") == ["Giải thưởng Hoàng Sa"]
        assert titles(client, "khong co gi") == []


def test_another_backend_is_asked_for_every_word_and_its_answer_narrows_the_query(
    client, stories, monkeypatch
):
    # The backend's own index (MySQL's full-text one, say) picks the candidates: it is asked
    # for the stories holding every word, unranked (the portal ranks), and its query is part
    # of the listing's, before the whole-word check on the folded text.
    monkeypatch.setattr(RecordingBackend, "asked", [])
    with (
        override_settings(WAGTAILSEARCH_BACKENDS=RECORDING),
        CaptureQueriesContext(connection) as queries,
    ):
        assert titles(client, "hoa giai") == ["Mô hình hòa giải ở cơ sở"]
    asked = {(query, tuple(sorted(kwargs.items()))) for query, kwargs in RecordingBackend.asked}
    assert asked == {("hoa giai", (("operator", "and"), ("order_by_relevance", False)))}
    listing = [q["sql"] for q in queries if "%hoa%" in q["sql"]]
    assert listing and all("% hoa %" in sql for sql in listing), queries
