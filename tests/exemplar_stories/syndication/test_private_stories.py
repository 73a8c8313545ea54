"""Syndication sends only what an anonymous citizen may read (issue #12 item 4): a login- or
password-restricted story (on itself or an ancestor) is not sent; restricting a story that was
sent withdraws it; lifting the restriction sends it again."""

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageViewRestriction

from ..support.factories import make_index, make_index_no_site_serves, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def restrict(page, kind=PageViewRestriction.PASSWORD):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, password="mật")


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_publishing_a_restricted_story_sends_nothing(receiver, publish, kind):
    story = make_story("Bài nội bộ", live=False)
    restrict(story, kind)
    publish(lambda: story.save_revision().publish(skip_permission_checks=True))
    assert receiver.events == []


def test_a_story_under_a_restricted_index_is_not_sent(receiver, publish):
    restrict(make_index(), PageViewRestriction.LOGIN)
    publish(make_story, "Bài dưới mục riêng tư")
    assert receiver.events == []


def test_restricting_a_sent_story_withdraws_it_and_lifting_it_sends_it_again(receiver, publish):
    story = publish(make_story, "Gương sáng")
    restriction = publish(restrict, story)
    assert receiver.events == ["story.published", "story.withdrawn"]
    publish(restriction.delete)
    assert receiver.events == ["story.published", "story.withdrawn", "story.published"]


def test_deleting_a_restricted_story_sends_nothing_more(receiver, publish):
    story = publish(make_story, "Gương sáng")
    publish(restrict, story)
    publish(story.delete)
    assert receiver.events == ["story.published", "story.withdrawn"]


@pytest.mark.without_consent
def test_restricting_a_story_so_noi_vu_never_received_sends_nothing(receiver, publish):
    """A story whose consent keeps it on the portal only was never sent: restricting it later
    sends no withdrawal of something Sở Nội vụ never had."""
    from ..support.factories import give_full_consent

    story = make_story("Bài chỉ đăng trên cổng", live=False)
    give_full_consent(story, home_affairs=False)
    publish(lambda: story.save_revision().publish(skip_permission_checks=True))
    assert receiver.events == []
    publish(restrict, story)
    assert receiver.events == []


# --- a story no site serves, and a story moved ----------------------------------------------


def test_a_story_no_site_serves_is_not_sent(receiver, publish):
    """No citizen can read it (it has no address), and the payload's url would be null."""
    story = publish(make_story, "Gương trong kho", index=make_index_no_site_serves())
    assert story.live and story.get_url() is None
    assert receiver.events == []


def test_moving_a_sent_story_where_no_site_serves_it_withdraws_it(receiver, publish, admin_client):
    story = publish(make_story, "Gương sáng")
    archive = make_index_no_site_serves()
    response = publish(
        admin_client.post, f"/admin/pages/{story.pk}/move/{archive.pk}/confirm/", follow=True
    )
    assert response.status_code == 200
    story.refresh_from_db()
    assert story.get_parent().pk == archive.pk  # the admin's move was done
    assert receiver.events == ["story.published", "story.withdrawn"]


def test_moving_a_sent_story_into_a_restricted_section_withdraws_it_and_back_sends_it_again(
    receiver, publish
):
    from exemplar_stories.models import ExemplarIndexPage

    story = publish(make_story, "Gương sáng")
    public_index = story.get_parent()
    private_index = ExemplarIndexPage(title="Mục nội bộ", slug="muc-noi-bo")
    public_index.get_parent().add_child(instance=private_index)
    private_index.save_revision().publish()
    restrict(private_index, PageViewRestriction.LOGIN)
    assert receiver.events == ["story.published"]  # restricting an index with no story
    publish(story.move, private_index, pos="last-child")
    assert receiver.events == ["story.published", "story.withdrawn"]
    # treebeard moves by path: both pages' paths changed, so read them again.
    story, public_index = (Page.objects.get(pk=p.pk) for p in (story, public_index))
    publish(story.move, public_index, pos="last-child")
    assert receiver.events == ["story.published", "story.withdrawn", "story.published"]
    assert receiver.received[-1]["payload"]["url"].startswith(
        "http://localhost/dien-hinh-tien-tien/"
    )


def test_moving_a_sent_story_to_another_public_index_sends_its_new_address(receiver, publish):
    from exemplar_stories.models import ExemplarIndexPage

    story = publish(make_story, "Gương sáng")
    other = ExemplarIndexPage(title="Mô hình mới", slug="mo-hinh-moi")
    story.get_parent().get_parent().add_child(instance=other)
    other.save_revision().publish()
    publish(story.move, other, pos="last-child")
    assert receiver.events == ["story.published", "story.updated"]
    assert receiver.received[-1]["payload"]["url"].startswith("http://localhost/mo-hinh-moi/")


def test_moving_the_index_of_a_sent_story_into_a_restricted_section_withdraws_it(receiver, publish):
    from exemplar_stories.models import ExemplarIndexPage

    story = publish(make_story, "Gương sáng")
    home = story.get_parent().get_parent()
    section = ExemplarIndexPage(title="Mục nội bộ", slug="muc-noi-bo")
    home.add_child(instance=section)
    section.save_revision().publish()
    restrict(section, PageViewRestriction.LOGIN)
    publish(story.get_parent().move, section, pos="last-child")
    assert receiver.events == ["story.published", "story.withdrawn"]


def test_reordering_stories_under_their_index_sends_nothing(receiver, publish):
    first = publish(make_story, "Gương một")
    publish(make_story, "Gương hai")
    publish(first.move, first.get_parent(), pos="last-child")
    assert receiver.events == ["story.published", "story.published"]


@pytest.mark.parametrize(
    "base_url, expected",
    [
        ("https://tuphap.soctrang.gov.vn", "https://tuphap.soctrang.gov.vn/media/"),
        (None, "http://localhost/media/"),
    ],
)
def test_a_withdrawal_from_outside_every_site_links_its_images_from_the_admin_base_url(
    receiver, publish, admin_client, settings, base_url, expected
):
    """No site gives the moved story a root URL: its withdrawal's links use
    WAGTAILADMIN_BASE_URL (http://localhost without it), never a link without a host."""
    if base_url is None:
        del settings.WAGTAILADMIN_BASE_URL
    else:
        settings.WAGTAILADMIN_BASE_URL = base_url
    image = Image.objects.create(title="Ảnh", file=get_test_image_file())
    story = publish(make_story, "Gương sáng", hero_image=image, hero_image_alt="Chị Lan")
    archive = make_index_no_site_serves()
    publish(admin_client.post, f"/admin/pages/{story.pk}/move/{archive.pk}/confirm/")
    assert receiver.events == ["story.published", "story.withdrawn"]
    [picture] = receiver.received[-1]["payload"]["images"]
    assert picture["url"].startswith(expected), picture["url"]
