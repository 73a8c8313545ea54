"""Small builders for tests: a site with a story index, and stories in any state."""

import datetime

from wagtail.models import Page, Site

from exemplar_stories.core.quarters import PORTAL_TZ
from exemplar_stories.models import (
    EmulationMovement,
    ExemplarIndexPage,
    ExemplarPage,
    Field,
    NewFactorPage,
    NewModelPage,
    Unit,
)

KINDS = {"exemplar": ExemplarPage, "new_model": NewModelPage, "new_factor": NewFactorPage}


def make_unit(name="Phòng Tư pháp huyện Kế Sách", **kwargs):
    unit, _ = Unit.objects.get_or_create(name=name, defaults=kwargs)
    return unit


def make_movement(name="Thi đua đẩy mạnh cải cách hành chính"):
    movement, _ = EmulationMovement.objects.get_or_create(name=name)
    return movement


def make_index():
    root = Site.objects.get(is_default_site=True).root_page
    index = ExemplarIndexPage.objects.child_of(root).first()
    if index is None:
        index = ExemplarIndexPage(title="Điển hình tiên tiến", slug="dien-hinh-tien-tien")
        root.add_child(instance=index)
        index.save_revision().publish()
    return index


def make_index_no_site_serves():
    """An index under the tree's root, outside every site: its stories are live but have no
    address (`get_url()` is None), as a section an administrator parks outside the site."""
    index = ExemplarIndexPage(title="Kho lưu trữ", slug="kho-luu-tru")
    Page.objects.get(depth=1).add_child(instance=index)
    index.save_revision().publish()
    return index


def make_story(
    title="Gương sáng",
    *,
    kind="exemplar",
    unit=None,
    field=None,
    movement=None,
    subject_kind="individual",
    published_at=None,
    live=True,
    index=None,
    **kwargs,
):
    index = index or make_index()
    page = KINDS[kind](
        title=title,
        subject_kind=subject_kind,
        subject_name=kwargs.pop("subject_name", "Nguyễn Văn A"),
        unit=unit or make_unit(),
        field=field,
        movement=movement,
        summary=kwargs.pop("summary", "Tóm tắt câu chuyện."),
        live=False,
        **kwargs,
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish(skip_permission_checks=True)  # a story as if reviewed
        page.refresh_from_db()
        if published_at:
            page.first_published_at = page.last_published_at = published_at
            page.save()
    return page.specific_class.objects.get(pk=page.pk)


def give_full_consent(story, **fields):
    """A consent to every purpose (portal, Sở Nội vụ, photos), as a signed form: what every
    story created in a test gets by default (tests/conftest.py), so that publishing it as if
    reviewed is allowed; tests of the consent rules opt out with @pytest.mark.without_consent."""
    from exemplar_stories.models import ConsentMethod, StoryConsent

    values = {
        "given_by": story.subject_name or "Nguyễn Văn A",
        "portal": True,
        "home_affairs": True,
        "photos": True,
        "given_on": datetime.date(2020, 1, 1),
        "method": ConsentMethod.SIGNED_FORM,
        **fields,
    }
    return StoryConsent.objects.create(story_id=story.pk, **values)


def vn_time(*args):
    return datetime.datetime(*args, tzinfo=PORTAL_TZ)


def field_of_work(name="Trợ giúp pháp lý"):
    return Field.objects.get(name=name)
