"""An editor working in the admin meets Vietnamese, not Wagtail's English, on the main screens."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from exemplar_stories.models import UnitMembership
from tests.exemplar_stories.support.factories import make_index, make_story, make_unit

ENGLISH = [
    "Save draft",
    "Publish",
    "Submit to",
    "Approve",
    "Request changes",
    "Choose an image",
    "History",
    "Delete",
    "Preview",
    "Settings",
    "Dashboard",
    "Pages",
    "Search",
    "Images",
    "Documents",
    "Log out",
]


def visible_text(html):
    """Text a person reads: without scripts, styles, tags and attribute values."""
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("bientap", "bt@example.vn", "pw")
    group = Group.objects.create(name="Biên tập thử")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_image", "choose_image", "change_image"):
        group.permissions.add(Permission.objects.get(codename=codename))
    index = make_index()
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group, page=index, permission=Permission.objects.get(codename=codename)
        )
    user.groups.add(group)
    UnitMembership.objects.create(user=user, unit=make_unit())
    return user


@pytest.mark.parametrize("screen", ["dashboard", "explorer", "edit", "image_chooser"])
def test_admin_screens_show_no_common_english_labels(client, editor, screen):
    story = make_story("Bài thử", live=False)
    client.force_login(editor)
    url = {
        "dashboard": "/admin/",
        "explorer": f"/admin/pages/{story.get_parent().pk}/",
        "edit": f"/admin/pages/{story.pk}/edit/",
        "image_chooser": "/admin/images/chooser/",
    }[screen]
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        import json

        content = json.loads(content).get("html", "")
    text = visible_text(content)
    found = [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]
    assert not found, f"English on {screen}: {found}"


def test_workflow_action_form_is_vietnamese(client, db):
    """Wagtail's default moderation workflow: the reviewer's request-changes form."""
    from wagtail.models import TaskState

    admin = get_user_model().objects.create_superuser("duyet", "d@example.vn", "pw")
    story = make_story("Bài chờ duyệt", live=False)
    client.force_login(admin)
    story.get_workflow().start(story, admin)
    task_state = TaskState.objects.get(
        workflow_state__base_content_type__isnull=False, status="in_progress"
    )
    response = client.get(f"/admin/pages/workflow/action/{story.pk}/reject/{task_state.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        import json

        content = json.loads(content).get("html", "")
    text = visible_text(content)
    english = [*ENGLISH, "Comment", "What should be changed"]
    found = [word for word in english if re.search(rf"\b{re.escape(word)}\b", text)]
    assert not found, f"English on the workflow action form: {found}"
    assert "Yêu cầu chỉnh sửa" in text


def test_the_admin_page_search_counts_its_results_in_words_not_none(client, editor):
    """Wagtail 8.0 gives the page search's count no verbose name: it read "1-2 trong số 2 None"
    (seen in a browser walk as the demo's Kế Sách editor)."""
    make_story("Tổ hòa giải Kế Sách", live=False)
    make_story("Gương sáng Kế Sách", live=False)
    client.force_login(editor)
    text = " ".join(
        visible_text(client.get("/admin/pages/search/?q=Kế Sách").content.decode()).split()
    )
    assert "None" not in text
    assert "1-2 trong số 2 trang" in text
