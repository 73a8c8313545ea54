"""Create the editorial groups, the Office's review workflow, and wire existing story indexes.

Editors ("Biên tập viên") write and submit; the Office ("Văn phòng Sở") reviews and publishes.
New indexes are wired by `editorial.setup_story_index` when they are created.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Biên tập viên"
OFFICE = "Văn phòng Sở"
WORKFLOW = "Duyệt tin điển hình"
TASK = "Văn phòng Sở duyệt"

ADMIN_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
OFFICE_ONLY = [("exemplar_stories", "override_story_quarter")]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
OFFICE_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page"]


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def forwards(apps, schema_editor):
    # Permissions are normally created after migrate; make sure ours exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    office, _ = Group.objects.get_or_create(name=OFFICE)
    for app_label, codename in ADMIN_PERMISSIONS:
        perm = _permission(apps, app_label, codename)
        editors.permissions.add(perm)
        office.permissions.add(perm)
    for app_label, codename in OFFICE_ONLY:
        office.permissions.add(_permission(apps, app_label, codename))

    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    OfficeReviewTask = apps.get_model("exemplar_stories", "OfficeReviewTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    task_type, _ = ContentType.objects.get_or_create(
        app_label="exemplar_stories", model="officereviewtask"
    )
    task = OfficeReviewTask.objects.filter(name=TASK).first()
    if task is None:
        task = OfficeReviewTask.objects.create(name=TASK, content_type=task_type, active=True)
    task.groups.add(office)
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if created:
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=0)

    # Story indexes that already exist (e.g. demo content loaded before this migration).
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ExemplarIndexPage = apps.get_model("exemplar_stories", "ExemplarIndexPage")
    for index in ExemplarIndexPage.objects.all():
        WorkflowPage.objects.get_or_create(page_id=index.pk, defaults={"workflow": workflow})
        for group, codenames in ((editors, EDITOR_PAGE_PERMISSIONS), (office, OFFICE_PAGE_PERMISSIONS)):
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page_id=index.pk,
                    permission=_permission(apps, "wagtailcore", codename),
                )


class Migration(migrations.Migration):
    dependencies = [
        ("exemplar_stories", "0004_office_review_task"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    # Data only; the groups stay if migrated backwards (they may hold users by then).
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
