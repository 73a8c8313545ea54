"""Seed the fields of work and the awards named in the plan; editable afterwards."""

from django.db import migrations

from exemplar_stories.seed import AWARD_RULES, AWARDS, FIELDS
from exemplar_stories.text import slugify_vi


def seed(apps, schema_editor):
    Field = apps.get_model("exemplar_stories", "Field")
    Award = apps.get_model("exemplar_stories", "Award")
    for order, name in enumerate(FIELDS):
        Field.objects.get_or_create(
            name=name, defaults={"slug": slugify_vi(name, max_length=100), "sort_order": order}
        )
    for name, level, recipient, high, rank in AWARDS:
        Award.objects.get_or_create(
            name=name,
            defaults={
                "slug": slugify_vi(name, max_length=100),
                "level": level,
                "recipient": recipient,
                "is_high_award": high,
                "rank": rank,
            },
        )
    for name, prerequisite, years, guidance in AWARD_RULES:
        Award.objects.filter(name=name, prerequisite__isnull=True).update(
            prerequisite=Award.objects.filter(name=prerequisite).first(),
            prerequisite_years=years,
            guidance=guidance,
        )


def unseed(apps, schema_editor):
    apps.get_model("exemplar_stories", "Field").objects.filter(name__in=FIELDS).delete()
    Award = apps.get_model("exemplar_stories", "Award")
    Award.objects.filter(name__in=[a[0] for a in AWARDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("exemplar_stories", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
