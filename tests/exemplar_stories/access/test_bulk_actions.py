"""The admin's page bulk actions offer a user only what they may do (issue #12 item 7), and
their confirm pages, like the move chooser, never name another unit's draft."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from exemplar_stories.models import StoryPage

pytestmark = pytest.mark.django_db

DRAFT = "Bản nháp: Tổ hòa giải ấp Đông Hải"  # the demo's Kế Sách draft
IN_REVIEW = "Tổ tư vấn pháp luật lưu động xã Phong Nẫm"  # the demo's Kế Sách story in review
ACTIONS = ["move", "delete", "publish", "unpublish"]
BULK_BUTTON = re.compile(r'href="/admin/bulk/wagtailcore/page/(\w+)/"')


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)
    settings.DEBUG = False
    return StoryPage.objects.get(title=DRAFT)


def own_story(demo):
    """A live story of bientap.thanhtra's own unit. The demo's stories after the 2025 merger
    belong to the successor units, while the demo editors stay on their 2019 units."""
    from exemplar_stories.models import Unit

    from ..support.factories import make_story

    unit = Unit.objects.get(name="Thanh tra Sở")
    return StoryPage.objects.filter(unit=unit).first() or make_story(
        "Thanh tra Sở: tiếp dân đúng hẹn", unit=unit, index=demo.get_parent().specific
    )


def login(client, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


def offered(client, index):
    return set(BULK_BUTTON.findall(client.get(f"/admin/pages/{index.pk}/").content.decode()))


@pytest.mark.parametrize("action", ACTIONS)
def test_a_confirm_page_does_not_name_another_units_drafts(client, demo, action):
    login(client, "bientap.thanhtra")
    own = own_story(demo)
    in_review = StoryPage.objects.get(title=IN_REVIEW)
    for query in [
        f"id={demo.pk}&id={in_review.pk}&id={own.pk}",
        f"id=all&childOf={demo.get_parent().pk}",
        f"id=all&childOf={demo.get_parent().pk}&q=Đông Hải",
    ]:
        response = client.get(f"/admin/bulk/wagtailcore/page/{action}/?next=/admin/&{query}")
        assert response.status_code == 200, query
        body = response.content.decode()
        assert DRAFT not in body and IN_REVIEW not in body and demo.slug not in body, query
        assert "thuộc đơn vị khác nên được bỏ qua" in body, query


def test_the_move_chooser_does_not_name_another_units_drafts(client, demo):
    login(client, "bientap.thanhtra")
    own = own_story(demo)
    index = demo.get_parent()
    for url in [
        f"/admin/pages/{own.pk}/move/",
        f"/admin/choose-page/{index.pk}/?user_perms=move_to&page_to_move={own.pk}",
        f"/admin/choose-page/{index.get_parent().pk}/?user_perms=move_to&page_to_move={own.pk}",
        f"/admin/choose-page/{index.pk}/?user_perms=bulk_move_to&target_pages={own.pk}",
        "/admin/choose-page/search/?q=Đông Hải&user_perms=move_to",
    ]:
        response = client.get(url)
        assert response.status_code < 500, url
        assert DRAFT not in response.content.decode(), url


def test_an_editor_is_offered_no_bulk_action_they_are_refused_on_every_row(client, demo):
    """bientap.kesach selects every row of the index's listing: each action the footer offers
    has a confirm form for at least one of them; publish and unpublish are not offered."""
    login(client, "bientap.kesach")
    index = demo.get_parent()
    listing = client.get(f"/admin/pages/{index.pk}/").content.decode()
    rows = re.findall(r'data-object-id="(\d+)"', listing)
    assert rows
    ids = "&".join(f"id={pk}" for pk in rows)
    for action in offered(client, index):
        confirm = client.get(f"/admin/bulk/wagtailcore/page/{action}/?next=/admin/&{ids}")
        assert 'type="submit"' in confirm.content.decode(), f"{action}: refused on every row"
    assert {"publish", "unpublish"}.isdisjoint(offered(client, index))


def test_the_office_is_still_offered_publishing_and_unpublishing(client, demo):
    login(client, "vanphong")
    assert {"publish", "unpublish"} <= offered(client, index=demo.get_parent())


def test_rows_the_user_may_not_act_on_are_left_out_and_counted(client, demo):
    """bientap.kesach selects their unit's live story and their draft and asks to unpublish:
    the confirm page offers neither (editors never unpublish) and says so."""
    login(client, "bientap.kesach")
    response = client.get(f"/admin/bulk/wagtailcore/page/unpublish/?next=/admin/&id={demo.pk}")
    assert response.status_code == 200
    assert 'type="submit"' not in response.content.decode()
