"""A citizen on a phone finds and reads a story (issue #8)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def story_titles(page):
    return page.locator(".story-list .story-card h2").all_inner_texts()


def test_citizen_filters_searches_and_reads_a_story(page, site, stories, screenshot):
    page.goto(f"{site}/")
    expect(page.locator("h1")).to_be_visible()
    screenshot(page, "1-home")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Điển hình tiên tiến"
    ).click()
    expect(page).to_have_url(f"{site}/dien-hinh-tien-tien/")
    assert len(story_titles(page)) == 3

    # Filter by kind and unit with the form (on a phone, behind "Lọc").
    page.get_by_text("Lọc", exact=True).click()
    page.get_by_label("Loại", exact=True).select_option(label="Gương điển hình tiên tiến")
    page.get_by_label("Đơn vị", exact=True).select_option(label="Thanh tra Sở")
    page.get_by_role("button", name="Hiển thị bài viết").click()
    expect(page).to_have_url(re.compile(r"loai=dien-hinh-tien-tien&don-vi=thanh-tra-so"))
    assert story_titles(page) == ["Thanh tra viên tận tụy"]
    expect(page.get_by_label("Đơn vị", exact=True)).to_have_value("thanh-tra-so")
    screenshot(page, "2-filtered")

    # Search without diacritics, all kinds and units.
    page.get_by_role("link", name="Xóa tất cả bộ lọc").click()
    page.get_by_label("Tìm kiếm", exact=True).fill("ke sach")
    page.get_by_label("Tìm kiếm", exact=True).press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=ke\+sach"))
    assert story_titles(page) == ["Hòa giải viên ấp Phong Phú"]
    screenshot(page, "3-search")

    page.get_by_role("link", name="Hòa giải viên ấp Phong Phú").click()
    expect(page).to_have_url(f"{site}/dien-hinh-tien-tien/hoa-giai-vien-ap-phong-phu/")
    expect(page.locator("h1")).to_have_text("Hòa giải viên ấp Phong Phú")
    expect(page.locator(".story-header time")).to_have_text("Thứ Hai, 02/03/2026")
    expect(page.locator(".story-meta")).to_contain_text("Phòng Tư pháp huyện Kế Sách")
    screenshot(page, "4-story")
