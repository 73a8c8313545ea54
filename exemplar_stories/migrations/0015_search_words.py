"""The suggestions' vocabulary (models/search_words.py): the words of every live story's heading,
and on PostgreSQL the trigram index the nearest words are read from."""

from django.db import migrations, models

WORD_LENGTH = 64


def fill_words(apps, schema_editor):
    # As public.search.remember_words writes them on publish (its parsing of the stored heading,
    # " folded words | written words ", inlined: a migration keeps its own copy).
    StoryPage = apps.get_model("exemplar_stories", "StoryPage")
    SearchWord = apps.get_model("exemplar_stories", "SearchWord")
    words = {}
    headings = StoryPage.objects.filter(live=True).order_by("-pk").values_list(
        "search_heading", flat=True
    )
    for heading in headings.iterator(chunk_size=2000):
        folded, _, written = heading.strip().partition(" | ")
        folded, written = folded.split(), written.split()
        if len(folded) != len(written):
            written = folded
        for key, value in zip(folded, written, strict=True):
            if key.isalpha() and len(key) <= WORD_LENGTH and len(value) <= WORD_LENGTH:
                words.setdefault(key, value)
    SearchWord.objects.bulk_create(
        [SearchWord(folded=key, written=value) for key, value in words.items()],
        batch_size=1000,
        ignore_conflicts=True,
    )


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS exemplar_stories_searchword_trgm "
        "ON exemplar_stories_searchword USING gist (folded gist_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS exemplar_stories_searchword_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("exemplar_stories", "0014_story_year_kind_subject_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "folded",
                    models.CharField(
                        max_length=WORD_LENGTH, primary_key=True, serialize=False,
                        verbose_name="word",
                    ),
                ),
                ("written", models.CharField(max_length=WORD_LENGTH, verbose_name="as written")),
            ],
            options={"verbose_name": "search word", "verbose_name_plural": "search words"},
        ),
        migrations.RunPython(fill_words, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
