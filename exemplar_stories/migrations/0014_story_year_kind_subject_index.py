# The index a listing filtered by year and kind (and subject) reads on SQLite (models/pages.py).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exemplar_stories", "0013_public_version_and_state_backfill"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="storypage",
            index=models.Index(
                fields=["quarter_year", "kind", "subject_kind"], name="story_year_kind_subject"
            ),
        ),
    ]
