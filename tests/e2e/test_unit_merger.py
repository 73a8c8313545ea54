"""A merger in a real browser, as the Office and an editor would live it (issue #20): the Office
records that two district offices became the communes' justice officers; the message says the
editors moved; the Kế Sách editor, now of the successor, finds the district office's old story
in the admin, opens it and sees it still written for the district office."""

import pytest

from tests.e2e.signin import signed_in_desktop

pytestmark = pytest.mark.e2e

KE_SACH = "Phòng Tư pháp huyện Kế Sách"
MY_TU = "Phòng Tư pháp huyện Mỹ Tú"
COMMUNES = "Công chức Tư pháp – Hộ tịch các xã khu vực Kế Sách, Mỹ Tú"


def test_the_office_merges_two_units_and_their_editor_keeps_the_old_stories(
    browser, site, screenshot
):
    from tests.exemplar_stories.support.factories import make_index, make_story, make_unit, vn_time
    from tests.exemplar_stories.support.workflow_helpers import make_user

    make_index()
    ke_sach, my_tu = make_unit(KE_SACH), make_unit(MY_TU)
    old = make_story("Chị Hồng ở Đại Hải", unit=ke_sach, published_at=vn_time(2024, 5, 2))
    make_user("bientap.kesach", group="EDITOR_GROUP", unit=ke_sach)
    make_user("bientap.mytu", group="EDITOR_GROUP", unit=my_tu)
    make_user("vanphong", group="REVIEWER_GROUP")

    office_context, office = signed_in_desktop(browser, site, "vanphong")
    office.goto(f"{site}/admin/exemplar-units/change/")
    office.get_by_label(KE_SACH).check()
    office.get_by_label(MY_TU).check()
    office.locator("select[name=kind]").select_option("merged_into")
    office.locator("textarea[name=new_names]").fill(COMMUNES)
    office.locator("input[name=effective_date]").fill("01/07/2025")
    office.locator("input[name=decision_number]").fill("202/2025/QH15")
    office.locator("input[name=issued_by]").fill("Quốc hội")
    screenshot(office, "1-office-fills-the-merger")
    office.get_by_role("button", name="Ghi thay đổi").click()
    office.wait_for_load_state()
    messages = office.locator(".messages").inner_text()
    screenshot(office, "2-office-sees-what-happened")
    assert "vẫn giữ tên cũ" in messages
    assert f"2 tài khoản của các đơn vị cũ nay thuộc {COMMUNES}" in messages
    # The Office stays on its screen, with the change listed, not sent to a list it may not open.
    assert "không có quyền" not in messages
    recorded = office.locator("table.listing").inner_text()
    assert KE_SACH in recorded and "202/2025/QH15" in recorded and "01/07/2025" in recorded
    # A new story of the Office's is for today's units: the former ones are no longer offered.
    office.goto(f"{site}/admin/pages/add/exemplar_stories/exemplarpage/{old.get_parent().pk}/")
    offered = office.locator("select[name=unit] option").all_inner_texts()
    screenshot(office, "2b-office-writes-for-todays-units")
    assert COMMUNES in offered
    assert not any(KE_SACH in choice or MY_TU in choice for choice in offered), offered
    office_context.close()

    editor_context, editor = signed_in_desktop(browser, site, "bientap.kesach")
    editor.goto(f"{site}/admin/pages/{old.get_parent().pk}/")
    screenshot(editor, "3-editor-finds-the-old-story")
    editor.get_by_role("link", name="Chị Hồng ở Đại Hải").first.click()
    editor.wait_for_load_state()
    unit_field = editor.locator("select[name=unit]")
    assert unit_field.locator("option:checked").inner_text() == f"{KE_SACH} (nay là {COMMUNES})"
    screenshot(editor, "4-editor-edits-it-under-the-old-unit")
    editor.goto(f"{site}{old.url}")
    assert f"{KE_SACH} (nay là {COMMUNES})" in editor.locator("main").inner_text()
    editor_context.close()
