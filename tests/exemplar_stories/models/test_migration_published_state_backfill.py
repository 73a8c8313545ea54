"""Migration 0013 on a copy of the demo database as it was before any story had a published
state (a database whose stories were live before migration 0010_published_story_state added
the table): afterwards every live story has the row publishing it would write, so its next
publish or withdrawal purges the listings it was on (SQLite here; PostgreSQL in CI's
PostgreSQL pass, or with DATABASE_URL set)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("exemplar_stories", "0012_merge_search_http_cache")]
AFTER = [("exemplar_stories", "0013_public_version_and_state_backfill")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def what_publishing_writes():
    """{story id: (related ids, listed as)} as `purge.purge_story` writes them today."""
    from exemplar_stories.public import surrogate_keys as sk
    from exemplar_stories.public.purge import choose_related
    from exemplar_stories.public.selectors import public_stories

    return {
        story.pk: (
            choose_related(story),
            {"index": story.get_parent().pk, "values": sk.listing_values(story)},
        )
        for story in public_stories()
    }


def test_the_backfill_gives_every_live_story_the_state_publishing_would(migrated_state):
    from exemplar_stories.demo.loader import load_demo_content
    from exemplar_stories.models import PublishedStoryState, StoryPage

    load_demo_content()
    try:
        old_apps = migrate(BEFORE)
        # Before 0010 added the table nothing wrote these rows: the stories were live already.
        old_apps.get_model("exemplar_stories", "PublishedStoryState").objects.all().delete()
        draft = StoryPage.objects.filter(live=False).first()
        migrate(AFTER)
        expected = what_publishing_writes()
        assert len(expected) > 10
        found = {
            state.story_id: (state.related_ids, state.listed_as)
            for state in PublishedStoryState.objects.all()
        }
        assert found == expected
        if draft is not None:  # a draft is listed nowhere: no row
            assert draft.pk not in found
    finally:
        # Back to every leaf, as the rest of the suite expects.
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
