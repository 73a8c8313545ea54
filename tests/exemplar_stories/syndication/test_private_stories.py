"""Syndication sends only what an anonymous citizen may read (issue #12 item 4): a login- or
password-restricted story (on itself or an ancestor) is not sent; restricting a story that was
sent withdraws it; lifting the restriction sends it again."""

import pytest
from wagtail.models import PageViewRestriction

from ..support.factories import make_index, make_story

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
