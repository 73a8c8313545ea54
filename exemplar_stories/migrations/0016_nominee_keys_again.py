"""Registrations' nominee keys computed again: a name in a script with nothing to fold to ASCII
(Khmer) had an empty key, and a key longer than its field could be stored on SQLite."""

from django.db import migrations


def recompute(apps, schema_editor):
    from exemplar_stories.models.registrations import nominee_key

    Registration = apps.get_model("exemplar_stories", "Registration")
    changed = []
    for registration in Registration.objects.only("pk", "nominee_name", "nominee_key").iterator():
        key = nominee_key(registration.nominee_name)
        if key != registration.nominee_key:
            registration.nominee_key = key
            changed.append(registration)
    Registration.objects.bulk_update(changed, ["nominee_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("exemplar_stories", "0015_search_words")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
