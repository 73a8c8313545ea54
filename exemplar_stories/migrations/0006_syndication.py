import uuid

import django.db.models.deletion
import django.utils.timezone
import exemplar_stories.models.syndication
from django.db import migrations, models


def give_every_story_a_syndication_id(apps, schema_editor):
    StoryPage = apps.get_model("exemplar_stories", "StoryPage")
    for pk in StoryPage.objects.filter(syndication_uuid=None).values_list("pk", flat=True):
        StoryPage.objects.filter(pk=pk).update(syndication_uuid=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("exemplar_stories", "0005_editorial_groups_and_workflow"),
    ]

    operations = [
        # A unique UUID for existing rows: add it nullable, fill each row, then make it unique.
        migrations.AddField(
            model_name="storypage",
            name="syndication_uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="syndication id"),
        ),
        migrations.RunPython(give_every_story_a_syndication_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="storypage",
            name="syndication_uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="syndication id"
            ),
        ),
        migrations.CreateModel(
            name="SyndicationTarget",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("url", models.CharField(max_length=500, unique=True, verbose_name="address")),
                ("disabled_at", models.DateTimeField(blank=True, null=True, verbose_name="disabled")),
                ("disabled_reason", models.TextField(blank=True, verbose_name="why it was disabled")),
            ],
            options={
                "verbose_name": "syndication target",
                "verbose_name_plural": "syndication targets",
            },
        ),
        migrations.CreateModel(
            name="SyndicationDelivery",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("webhook_id", models.CharField(default=exemplar_stories.models.syndication.new_webhook_id, editable=False, max_length=64, unique=True, verbose_name="message id")),
                ("event", models.CharField(choices=[("story.published", "Published"), ("story.updated", "Updated"), ("story.withdrawn", "Withdrawn")], max_length=32, verbose_name="event")),
                ("story_uuid", models.UUIDField(db_index=True, verbose_name="story id")),
                ("story_title", models.CharField(max_length=255, verbose_name="story title")),
                ("body", models.TextField(verbose_name="JSON sent")),
                ("status", models.CharField(choices=[("pending", "Waiting"), ("sending", "Sending"), ("delivered", "Delivered"), ("failed", "Failed")], default="pending", max_length=16, verbose_name="status")),
                ("attempts", models.PositiveIntegerField(default=0, verbose_name="attempts")),
                ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="created")),
                ("next_attempt_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="next attempt")),
                ("claimed_until", models.DateTimeField(blank=True, null=True, verbose_name="held by a worker until")),
                ("last_attempt_at", models.DateTimeField(blank=True, null=True, verbose_name="last attempt")),
                ("delivered_at", models.DateTimeField(blank=True, null=True, verbose_name="delivered")),
                ("url", models.CharField(blank=True, max_length=500, verbose_name="sent to")),
                ("last_status_code", models.PositiveSmallIntegerField(null=True, verbose_name="last response code")),
                ("last_response", models.TextField(blank=True, verbose_name="last response (excerpt)")),
                ("last_error", models.CharField(blank=True, max_length=500, verbose_name="last error")),
                ("page", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="syndication_deliveries", to="exemplar_stories.storypage", verbose_name="story")),
            ],
            options={
                "verbose_name": "syndication delivery",
                "verbose_name_plural": "syndication deliveries",
                "ordering": ["-created_at", "-pk"],
                "indexes": [models.Index(fields=["status", "next_attempt_at"], name="exemplar_st_status_348403_idx")],
            },
        ),
    ]
