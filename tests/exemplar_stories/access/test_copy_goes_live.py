"""Copying a live story never puts the copy live past the four-eyes rule (issue #12 item 2,
copy path): Wagtail's "publish copied page" and "alias" keep a copy live without `publish()`,
so an Office member could rename a reviewed story and have the new title online at once."""

import json

import pytest
from wagtail.models import Page

from exemplar_stories.models import StoryPage

from ..support.factories import make_index, make_story, make_unit
from ..support.workflow_helpers import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    make_index()
    unit = make_unit("Phòng Tư pháp huyện Kế Sách")
    return {
        "office": make_user("vanphong", group="REVIEWER_GROUP"),
        "admin": make_user("admin", superuser=True),
        "unit": unit,
    }


def copy_form(page, **overrides):
    return {
        "new_title": "Tên mới chưa ai duyệt",
        "new_slug": "ten-moi",
        "new_parent_page": str(page.get_parent().pk),
        "copy_subpages": "",
        "publish_copies": "on",
        "alias": "",
        **overrides,
    }


@pytest.mark.parametrize("username", ["office", "admin"])
def test_the_copy_form_does_not_offer_to_publish_a_storys_copy(client, people, username):
    page = make_story("Bài đã duyệt", unit=people["unit"])
    client.force_login(people[username])
    html = client.get(f"/admin/pages/{page.pk}/copy/").content.decode()
    assert 'name="publish_copies"' not in html
    assert 'name="alias"' not in html


@pytest.mark.parametrize("username", ["office", "admin"])
def test_copying_a_live_story_with_publish_copies_leaves_the_copy_a_draft(client, people, username):
    page = make_story("Bài đã duyệt", unit=people["unit"])
    client.force_login(people[username])
    response = client.post(f"/admin/pages/{page.pk}/copy/", copy_form(page))
    assert response.status_code == 302
    copy = StoryPage.objects.get(slug="ten-moi")
    assert not copy.live
    assert client.get(copy.url or "/dien-hinh-tien-tien/ten-moi/").status_code == 404


def test_an_alias_of_a_live_story_is_not_created_live(client, people):
    page = make_story("Bài đã duyệt", unit=people["unit"])
    client.force_login(people["office"])
    client.post(f"/admin/pages/{page.pk}/copy/", copy_form(page, alias="on", publish_copies=""))
    assert not Page.objects.filter(alias_of=page, live=True).exists()


def test_the_admin_apis_copy_keeps_no_story_live(client, people):
    page = make_story("Bài đã duyệt", unit=people["unit"])
    client.force_login(people["office"])
    client.post(
        f"/admin/api/main/pages/{page.pk}/action/copy/",
        json.dumps({"slug": "ban-sao-api", "title": "Tên mới qua API", "keep_live": True}),
        content_type="application/json",
    )
    assert not StoryPage.objects.filter(slug="ban-sao-api", live=True).exists()


def test_the_office_still_copies_a_story_as_a_draft(client, people):
    page = make_story("Bài đã duyệt", unit=people["unit"])
    client.force_login(people["office"])
    response = client.post(f"/admin/pages/{page.pk}/copy/", copy_form(page, publish_copies=""))
    assert response.status_code == 302
    assert StoryPage.objects.filter(slug="ten-moi", live=False).exists()


@pytest.mark.parametrize("username", ["office", "admin"])
def test_creating_a_story_offers_no_publish(client, people, username):
    index = make_index()
    client.force_login(people[username])
    response = client.get(f"/admin/pages/add/exemplar_stories/exemplarpage/{index.pk}/")
    assert response.status_code == 200
    assert 'name="action-publish"' not in response.content.decode()
