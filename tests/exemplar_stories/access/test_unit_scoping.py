"""Editors see only their unit's drafts, on every admin listing (issue #12 item 3): as
bientap.thanhtra, no response of these URLs contains Kế Sách's draft title."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from exemplar_stories.models import StoryPage

pytestmark = pytest.mark.django_db

DRAFT = "Bản nháp: Tổ hòa giải ấp Đông Hải"  # the demo's Kế Sách draft
IN_REVIEW = "Tổ tư vấn pháp luật lưu động xã Phong Nẫm"  # the demo's Kế Sách story in review


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)
    settings.DEBUG = False
    return StoryPage.objects.get(title=DRAFT)


def urls(draft):
    index = draft.get_parent()
    return [
        f"/admin/pages/{index.pk}/",
        f"/admin/pages/{index.pk}/?q=nháp",
        f"/admin/pages/{index.pk}/?q=Đông Hải",
        "/admin/pages/search/?q=Đông Hải",
        "/admin/pages/search/?q=nháp",
        "/admin/choose-page/",
        f"/admin/choose-page/{index.pk}/",
        "/admin/choose-page/search/?q=Đông Hải",
        "/admin/api/main/pages/",
        f"/admin/api/main/pages/?child_of={index.pk}&for_explorer=1",
        "/admin/api/main/pages/?search=Đông Hải",
        f"/admin/api/main/pages/{draft.pk}/",
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/aging-pages/",
        "/admin/pages/usage/exemplar_stories/exemplarpage/",
    ]


@pytest.mark.parametrize("username", ["bientap.thanhtra"])
def test_another_units_editor_sees_no_draft_title_anywhere(client, demo, username):
    client.force_login(get_user_model().objects.get(username=username))
    leaks = []
    for url in urls(demo):
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.content.decode()
        if DRAFT in body or IN_REVIEW in body or demo.slug in body:
            leaks.append(url)
    assert leaks == []


def test_the_units_own_editor_still_finds_the_draft(client, demo):
    client.force_login(get_user_model().objects.get(username="bientap.kesach"))
    index = demo.get_parent()
    assert DRAFT in client.get(f"/admin/pages/{index.pk}/").content.decode()
    assert DRAFT in client.get("/admin/pages/search/?q=Đông Hải").content.decode()
    assert DRAFT in client.get("/admin/choose-page/search/?q=Đông Hải").content.decode()


def test_the_office_still_sees_every_units_drafts(client, demo):
    client.force_login(get_user_model().objects.get(username="vanphong"))
    index = demo.get_parent()
    assert DRAFT in client.get(f"/admin/pages/{index.pk}/").content.decode()


def test_an_editor_with_no_unit_sees_and_edits_no_story(client):
    """An editor whose unit was not set yet (or was removed) belongs to no unit: nothing of any
    unit's is theirs, neither to read in the admin nor to edit."""
    from ..support.factories import make_story, make_unit
    from ..support.workflow_helpers import edit, make_user

    draft = make_story("Bản nháp của Kế Sách", unit=make_unit(), live=False)
    client.force_login(make_user("bientap.moi", group="EDITOR_GROUP"))
    index = draft.get_parent()
    for url in (f"/admin/pages/{index.pk}/", "/admin/pages/search/?q=Kế Sách"):
        assert draft.title not in client.get(url).content.decode(), url
    assert client.get(f"/admin/pages/{draft.pk}/edit/").status_code in (302, 403)
    edit(client, draft, summary="Sửa của người không thuộc đơn vị nào.")
    latest = StoryPage.objects.get(pk=draft.pk).get_latest_revision().as_object()
    assert latest.summary != "Sửa của người không thuộc đơn vị nào."
