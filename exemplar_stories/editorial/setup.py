"""A new story index is wired for the editorial flow: the Office's workflow, and the editor
and Office groups' page permissions on it (called by the index's post_save receiver)."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from ..core.conf import get_setting

WORKFLOW_NAME = "Duyệt tin điển hình"
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
OFFICE_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page"]


def setup_story_index(index):
    """Give a new story index the Office's workflow and the groups' page permissions."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    for setting, codenames in (
        ("EDITOR_GROUP", EDITOR_PAGE_PERMISSIONS),
        ("REVIEWER_GROUP", OFFICE_PAGE_PERMISSIONS),
    ):
        group = Group.objects.filter(name=get_setting(setting)).first()
        if group is None:
            continue
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=index,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
