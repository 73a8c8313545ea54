"""Wagtail's own default groups "Moderators" and "Editors" (publish/edit rights on the whole
tree, English names beside "Biên tập viên") are removed when nobody is in them, so that an
administrator cannot pick the wrong "editors" group. A group with members is left alone.

It runs after every Wagtail migration that gives those groups permissions by name."""

from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")


def remove_empty_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunPython(remove_empty_default_groups, migrations.RunPython.noop),
    ]
