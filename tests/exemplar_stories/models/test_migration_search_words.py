"""Migration 0015 on the demo database: the suggestions' vocabulary holds every word of the live
stories' headings, as publishing them writes it (public.search.remember_words), and the typo
suggestion reads it (SQLite here; PostgreSQL, with its trigram index, in CI's PostgreSQL pass)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .test_migration_published_state_backfill import migrate

BEFORE = [("exemplar_stories", "0014_story_year_kind_subject_index")]
AFTER = [("exemplar_stories", "0015_search_words")]


def test_the_vocabulary_holds_the_live_stories_heading_words_as_publishing_writes_them(
    migrated_state, client
):
    from exemplar_stories.demo.loader import load_demo_content
    from exemplar_stories.models import SearchWord
    from exemplar_stories.public.search import remember_words
    from exemplar_stories.public.selectors import public_stories

    load_demo_content()
    written_by_publishing = dict(SearchWord.objects.values_list("folded", "written"))
    try:
        migrate(BEFORE)
        migrate(AFTER)
        filled = dict(SearchWord.objects.values_list("folded", "written"))
        SearchWord.objects.all().delete()
        for story in public_stories().order_by("-pk"):
            remember_words(story)
        assert filled == dict(SearchWord.objects.values_list("folded", "written"))
        assert set(filled) <= set(written_by_publishing)  # publishing also kept withdrawn ones
        assert {"dien", "hinh", "tien"} <= set(filled)
        response = client.get("/dien-hinh-tien-tien/", {"q": "dien hinnh"})
        assert response.context["suggested_search"]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
