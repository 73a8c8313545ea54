"""Let editors and the Office use images and documents.

Wagtail grants image and document permissions per collection (GroupCollectionPermission), not
through the group's global permissions that 0005 set: without these rows the editors' image
chooser was empty and had no upload tab.
"""

from django.db import migrations

EDITORS = "Biên tập viên"
OFFICE = "Văn phòng Sở"
CODENAMES = {
    "wagtailimages": ["add_image", "choose_image"],
    "wagtaildocs": ["add_document", "choose_document"],
}
OFFICE_EXTRA = {
    "wagtailimages": ["change_image"],
    "wagtaildocs": ["change_document"],
}


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for name, extra in ((EDITORS, {}), (OFFICE, OFFICE_EXTRA)):
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for app_label, codenames in CODENAMES.items():
            for codename in codenames + extra.get(app_label, []):
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root,
                    permission=Permission.objects.get(
                        content_type__app_label=app_label, codename=codename
                    ),
                )


class Migration(migrations.Migration):
    dependencies = [
        ("exemplar_stories", "0007_registrations"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
