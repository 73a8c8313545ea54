"""The whole editorial path in a real browser, as the demo users would walk it.

An editor writes a story with an image and submits it; an Office reviewer requests changes with
a comment; the editor fixes and resubmits; a second reviewer approves; the story reaches the
public index and the Atom feed, and the syndication receiver gets it, signed.
"""

import pytest

from tests.e2e.signin import signed_in_desktop

pytestmark = pytest.mark.e2e

TITLE = "Tổ hòa giải ấp Phong Phú"
COMMENT = "Đề nghị bổ sung số liệu năm 2026."


def _footer_action(page, locator):
    """Open the footer's action menu and press one of its buttons, as an editor does."""
    page.click("footer .w-dropdown__toggle")
    with page.expect_navigation():
        page.locator(locator).first.click()


def test_a_story_goes_from_an_editor_through_the_office_to_citizens(
    browser,
    site,
    receiver,
    screenshot,
):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import TaskState

    from exemplar_stories.models import StoryPage
    from tests.exemplar_stories.support.factories import make_index, make_unit
    from tests.exemplar_stories.support.workflow_helpers import make_user

    index = make_index()
    ke_sach = make_unit("Phòng Tư pháp huyện Kế Sách")
    make_user("bientap.kesach", group="EDITOR_GROUP", unit=ke_sach)
    make_user("vanphong", group="REVIEWER_GROUP")
    make_user("vanphong2", group="REVIEWER_GROUP")
    image = get_image_model().objects.create(title="Ảnh tổ hòa giải", file=get_test_image_file())

    # 1. The editor writes the story, with an image, and submits it to the Office.
    editor_context, editor = signed_in_desktop(browser, site, "bientap.kesach")
    editor.goto(f"{site}/admin/pages/add/exemplar_stories/exemplarpage/{index.pk}/")
    editor.fill("input[name=title]", TITLE)
    editor.fill("input[name=subject_name]", "Tổ hòa giải ấp Phong Phú")
    editor.fill("textarea[name=summary]", "Mười năm hòa giải thành hơn 200 vụ việc ở cơ sở.")
    editor.click("button:has-text('Chọn hình ảnh')")
    editor.click(f".modal a[href*='/images/chooser/chosen/{image.pk}/']")
    editor.wait_for_selector(".modal", state="hidden")
    editor.fill("input[name=hero_image_alt]", "Các hòa giải viên họp tại nhà văn hóa ấp")
    screenshot(editor, "1-editor-writes")
    _footer_action(editor, "footer button[name=action-submit]")
    story = StoryPage.objects.get(title=TITLE)
    assert story.slug == "to-hoa-giai-ap-phong-phu"
    assert story.workflow_in_progress and not story.live
    assert story.get_latest_revision().as_object().hero_image_id == image.pk

    # 2. A reviewer requests changes, with a comment.
    office_context, office = signed_in_desktop(browser, site, "vanphong")
    office.goto(f"{site}/admin/pages/{story.pk}/edit/")
    office.click("footer .w-dropdown__toggle")
    office.click("footer button:has-text('Yêu cầu chỉnh sửa')")
    office.fill(".modal textarea[name=comment]", COMMENT)
    screenshot(office, "2-office-requests-changes")
    with office.expect_navigation():
        office.click(".modal button[type=submit]")
    assert TaskState.objects.filter(status="rejected", workflow_state__object_id=str(story.pk))

    # 3. The editor sees the comment on the dashboard, fixes the story and resubmits.
    editor.goto(f"{site}/admin/")
    assert COMMENT in editor.content()
    screenshot(editor, "3-editor-sees-the-comment")
    editor.goto(f"{site}/admin/pages/{story.pk}/edit/")
    editor.fill("textarea[name=summary]", "Mười năm hòa giải thành 214 vụ việc, năm 2026: 31 vụ.")
    _footer_action(
        editor, "footer button[name=action-submit], footer button[name=action-restart-workflow]"
    )
    story.refresh_from_db()
    assert story.workflow_in_progress

    # 4. The first reviewer... is not the only one: a second Office account approves.
    approver_context, approver = signed_in_desktop(browser, site, "vanphong2")
    approver.goto(f"{site}/admin/pages/{story.pk}/edit/")
    approver.click("footer .w-dropdown__toggle")
    screenshot(approver, "4-second-reviewer-approves")
    with approver.expect_navigation():
        approver.get_by_role("button", name="Duyệt", exact=True).click()
    story.refresh_from_db()
    assert story.live
    assert "31 vụ" in story.summary

    # 5. Citizens see it on the index and in the Atom feed; Sở Nội vụ received it, signed.
    citizen_context = browser.new_context(viewport={"width": 390, "height": 844})
    citizen = citizen_context.new_page()
    citizen.goto(f"{site}/dien-hinh-tien-tien/")
    assert citizen.get_by_role("link", name=TITLE).is_visible()
    screenshot(citizen, "5-citizen-sees-the-story")
    atom = citizen.request.get(f"{site}/dien-hinh-tien-tien/feed/atom/").text()
    assert TITLE in atom
    published = [r for r in receiver.received if r["payload"] and r["payload"]["title"] == TITLE]
    assert [r["payload"]["event"] for r in published] == ["story.published"]
    assert all(r["verified"] is True for r in receiver.received)

    for context in (editor_context, office_context, approver_context, citizen_context):
        context.close()
