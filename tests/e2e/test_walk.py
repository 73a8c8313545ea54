"""The editorial path as a new editor and the Office walk it (issue 15), in Chromium: a way to
start writing, drafts found again, the same title twice, one resubmit action, the Office's
comment at the top, and the duty panel that says which half is missing."""

import pytest

from tests.e2e.signin import signed_in_desktop

pytestmark = pytest.mark.e2e

TITLE = "Hòa giải viên ấp Đông Hải"
COMMENT = "Đề nghị bổ sung số liệu năm 2026."


def _write(editor, site, title):
    """From the dashboard's "Viết bài mới", an exemplar; saved as a draft."""
    editor.goto(f"{site}/admin/")
    editor.locator(".new-story__kinds a").first.click()
    editor.fill("input[name=title]", title)
    editor.fill("input[name=subject_name]", "Lâm Thị Bé")
    editor.fill("textarea[name=summary]", "Mười năm hòa giải ở cơ sở.")
    with editor.expect_navigation():
        editor.click(
            "footer button[name=action-save-draft], footer button:has-text('Lưu bản nháp')"
        )


def _menu_labels(page):
    page.click("footer .w-dropdown__toggle")
    return [" ".join(t.split()) for t in page.locator("footer button, footer a").all_inner_texts()]


def test_a_new_editor_writes_finds_again_resubmits_and_the_office_sees_each_half(
    browser, site, screenshot
):
    from exemplar_stories.models import StoryPage
    from tests.exemplar_stories.support.factories import make_index, make_unit
    from tests.exemplar_stories.support.workflow_helpers import make_user

    make_index()
    unit = make_unit("Phòng Tư pháp huyện Kế Sách")
    editor_user = make_user("bientap.kesach", group="EDITOR_GROUP", unit=unit)
    editor_user.first_name, editor_user.last_name = "Văn Hùng", "Lâm"
    editor_user.save()
    make_user("vanphong", group="REVIEWER_GROUP")

    editor_context, editor = signed_in_desktop(browser, site, "bientap.kesach")
    assert editor.get_by_text("Viết bài mới").first.is_visible()
    screenshot(editor, "1-editor-dashboard")

    # The same story started twice: both saved, with distinct addresses, both found again.
    _write(editor, site, TITLE)
    _write(editor, site, TITLE)
    slugs = sorted(StoryPage.objects.filter(title=TITLE).values_list("slug", flat=True))
    assert slugs == ["hoa-giai-vien-ap-dong-hai", "hoa-giai-vien-ap-dong-hai-2"]
    editor.goto(f"{site}/admin/")
    drafts = editor.locator('section[id^="my-drafts"] table')
    assert drafts.is_visible() and drafts.get_by_text(TITLE).count() == 2
    screenshot(editor, "2-my-drafts")

    # Submit: the label says where it goes.
    story = StoryPage.objects.filter(title=TITLE).order_by("pk").first()
    editor.goto(f"{site}/admin/pages/{story.pk}/edit/")
    labels = _menu_labels(editor)
    assert "Gửi Văn phòng Sở duyệt" in labels, labels
    with editor.expect_navigation():
        editor.click("footer button[name=action-submit]")

    # The Office asks for changes from the edit view; the message says what happened.
    office_context, office = signed_in_desktop(browser, site, "vanphong")
    office.goto(f"{site}/admin/pages/{story.pk}/edit/")
    office.click("footer .w-dropdown__toggle")
    office.click("footer button:has-text('Yêu cầu chỉnh sửa')")
    office.fill(".modal textarea[name=comment]", COMMENT)
    with office.expect_navigation():
        office.click(".modal button[type=submit]")
    assert "Đã yêu cầu chỉnh sửa" in office.inner_text(".messages")
    assert "Lâm Văn Hùng" in office.inner_text(".messages")
    screenshot(office, "3-office-message")

    # The editor: the comment at the top, one way forward.
    editor.goto(f"{site}/admin/pages/{story.pk}/edit/")
    assert COMMENT in editor.inner_text(".messages")
    labels = _menu_labels(editor)
    screenshot(editor, "4-editor-sees-comment-and-one-resubmit")
    assert [label for label in labels if "Văn phòng Sở" in label] == ["Gửi lại Văn phòng Sở duyệt"]
    assert not [label for label in labels if "Hủy" in label or "Khởi động lại" in label]

    # The Office's dashboard: the duty panel says what is missing, never "done".
    office.goto(f"{site}/admin/")
    panel = office.locator(".quarterly-duty__body").inner_text()
    assert "Đã hoàn thành" not in panel and "Chưa cấu hình địa chỉ" in panel
    screenshot(office, "5-office-dashboard")

    editor_context.close()
    office_context.close()
