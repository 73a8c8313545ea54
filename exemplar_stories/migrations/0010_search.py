"""The public search (issue #16): the two columns it ranks on, the folded text widened to the
unit's, field's, movement's and kind's names and the criteria, and on PostgreSQL the pg_trgm
extension with a trigram index of the headings (typo tolerance). Afterwards run
`manage.py update_index` so that Wagtail's search index holds the widened text."""

from django.db import migrations, models

from exemplar_stories.core.text import ranked_key, search_key

KIND_LABELS = {
    "exemplar": "Gương điển hình tiên tiến",
    "new_model": "Mô hình mới",
    "new_factor": "Nhân tố mới",
}


def fill_search_columns(apps, schema_editor):
    StoryPage = apps.get_model("exemplar_stories", "StoryPage")
    stories = StoryPage.objects.select_related("unit", "field", "movement")
    for story in stories.iterator(chunk_size=500):
        extra = [
            story.search_text,
            KIND_LABELS.get(story.kind, ""),
            story.criterion_achievement,
            story.criterion_observance,
            story.criterion_compassion,
        ]
        extra += [obj.name for obj in (story.field, story.movement) if obj is not None]
        StoryPage.objects.filter(pk=story.pk).update(
            search_text=search_key(" ".join(p for p in extra if p)),
            search_heading=ranked_key(
                f"{story.title} {story.subject_name} {KIND_LABELS.get(story.kind, '')}"
            ),
            search_summary=ranked_key(story.summary),
        )


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the suggestions use the simpler fallback (README, Search)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS exemplar_stories_storypage_heading_trgm "
        "ON exemplar_stories_storypage USING gist (search_heading gist_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS exemplar_stories_storypage_heading_trgm")


class Migration(migrations.Migration):
    dependencies = [("exemplar_stories", "0009_syndication_circuit")]

    operations = [
        migrations.AddField(
            model_name="storypage",
            name="search_heading",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="storypage",
            name="search_summary",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
