"""Helpers that drive the real Wagtail admin as a browser posts it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from exemplar_stories.core.conf import get_setting
from exemplar_stories.models import UnitMembership

User = get_user_model()


def make_user(username, *, group=None, unit=None, superuser=False):
    if superuser:
        user = User.objects.create_superuser(username, f"{username}@example.vn", "pw")
    else:
        user = User.objects.create_user(username, f"{username}@example.vn", "pw")
    if group:
        user.groups.add(Group.objects.get(name=get_setting(group)))
    if unit:
        UnitMembership.objects.create(user=user, unit=unit)
    return user


def story_form_data(page, **overrides):
    page = page.specific
    data = {
        "title": page.title,
        "slug": page.slug,
        "subject_kind": page.subject_kind,
        "subject_name": page.subject_name,
        "subject_position": page.subject_position,
        "unit": page.unit_id,
        "summary": page.summary,
        "hero_image_alt": "",
        "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
        "story_awards": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def edit(client, page, action=None, **overrides):
    data = story_form_data(page, **overrides)
    if action:
        data[f"action-{action}"] = action
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def current_task_state(page):
    return TaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    ).first()


def workflow_action(client, page, action, **data):
    task_state = current_task_state(page)
    task_state_id = task_state.pk if task_state else 999999
    return client.post(f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state_id}/", data)
