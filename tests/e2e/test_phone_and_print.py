"""Citizens on phones and on paper (issue 15, finding 7), in Chromium: the index's filters fold
behind one "Lọc" at 390×844 so the first story is above the fold; the story's details stack;
a printed page says where it came from; every public page has its own meta description."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE

pytestmark = pytest.mark.e2e

INTRO = (
    "Gương điển hình tiên tiến, mô hình mới, nhân tố mới trong các phong trào thi đua yêu nước "
    "ngành Tư pháp."
)


@pytest.fixture
def index_with_intro(stories):
    """The index as the demo has it: an introduction under its title."""
    from tests.exemplar_stories.support.factories import make_index

    index = make_index()
    index.intro = INTRO
    index.save_revision().publish()
    return index


def test_on_a_phone_the_filters_fold_behind_loc_and_the_first_story_is_above_the_fold(
    page, site, index_with_intro, screenshot
):
    page.goto(f"{site}/dien-hinh-tien-tien/")
    # The search box stays; the seven other fields are folded.
    expect(page.get_by_label("Tìm kiếm", exact=True)).to_be_visible()
    for label in ("Loại", "Đơn vị", "Lĩnh vực", "Phong trào thi đua", "Đối tượng", "Năm", "Quý"):
        expect(page.get_by_label(label, exact=True)).to_be_hidden()
    toggle = page.locator("summary", has_text="Lọc")
    expect(toggle).to_be_visible()
    first_card = page.locator(".story-list .story-card").first.bounding_box()
    assert first_card["y"] < PHONE["height"], first_card
    screenshot(page, "1-folded")

    # With the keyboard only: Tab reaches "Lọc", Enter unfolds it.
    page.get_by_label("Tìm kiếm", exact=True).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    expect(page.get_by_label("Đơn vị", exact=True)).to_be_visible()
    page.get_by_label("Đơn vị", exact=True).select_option(label="Thanh tra Sở")
    screenshot(page, "2-unfolded")
    page.get_by_role("button", name="Hiển thị bài viết").click()
    expect(page).to_have_url(re.compile(r"don-vi=thanh-tra-so"))
    # Folded again, it says how many filters are chosen; the chosen one is listed above the stories.
    expect(toggle).to_have_text("Lọc (đã chọn 1)")
    expect(page.locator(".active-filters")).to_contain_text("Đơn vị: Thanh tra Sở")
    screenshot(page, "3-filtered")


def test_on_a_wide_screen_the_filters_are_shown_unfolded(desktop_page, site, index_with_intro):
    desktop_page.goto(f"{site}/dien-hinh-tien-tien/")
    expect(desktop_page.get_by_label("Đơn vị", exact=True)).to_be_visible()
    expect(desktop_page.locator("summary", has_text="Lọc")).to_be_hidden()


def test_the_storys_details_stack_on_a_phone_and_sit_side_by_side_on_a_wide_screen(
    page, desktop_page, site, stories, screenshot
):
    url = f"{site}{stories['ke_sach'].url}"
    page.goto(url)
    content_width = page.locator(".story-header").bounding_box()["width"]
    cells = page.locator(".story-meta dt, .story-meta dd")
    assert cells.count() >= 4
    for i in range(cells.count()):
        box = cells.nth(i).bounding_box()
        assert box["width"] > 0.95 * content_width, (cells.nth(i).inner_text(), box)
    screenshot(page, "phone")

    desktop_page.goto(url)
    label = desktop_page.locator(".story-meta dt").first.bounding_box()
    value = desktop_page.locator(".story-meta dd").first.bounding_box()
    assert value["x"] > label["x"] + label["width"] and value["y"] == label["y"]


def test_a_printed_story_says_where_it_came_from(page, site, stories, screenshot):
    story = stories["ke_sach"]
    page.goto(f"{site}{story.url}")
    provenance = page.locator(".print-provenance")
    expect(provenance).to_be_hidden()  # on screen

    page.emulate_media(media="print")
    expect(provenance).to_be_visible()
    expect(provenance).to_contain_text("Cổng Thông tin điện tử Sở Tư pháp")
    expect(provenance).to_contain_text("Cơ quan chủ quản: Sở Tư pháp")
    expect(provenance).to_contain_text(f"Địa chỉ trang: {story.full_url}")
    expect(provenance).to_contain_text("Ngày đăng: Thứ Hai, 02/03/2026")
    # The day of printing is the reader's (the page may come from a cache).
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(provenance.locator("[data-printed-on]")).to_have_text(
        re.compile(r"^Ngày in: \d{2}/\d{2}/\d{4}$")
    )
    for hidden in (".site-nav", ".breadcrumbs", ".share", ".site-footer"):
        expect(page.locator(hidden).first).to_be_hidden()
    screenshot(page, "print")


def test_a_printed_index_hides_the_filters_and_keeps_the_address_with_them(
    page, site, stories, screenshot
):
    page.goto(f"{site}/dien-hinh-tien-tien/?don-vi=thanh-tra-so")
    page.emulate_media(media="print")
    expect(page.locator(".filters")).to_be_hidden()
    expect(page.locator(".print-provenance")).to_contain_text(
        f"Địa chỉ trang: {site}/dien-hinh-tien-tien/?don-vi=thanh-tra-so"
    )
    screenshot(page, "print")


def test_every_public_page_has_its_own_meta_description(page, site, index_with_intro, stories):
    from tests.exemplar_stories.support.factories import make_story, make_unit, vn_time

    hostile = make_story(
        "Tiêu đề <b>lạ</b>",
        unit=make_unit("Văn phòng Sở"),
        summary='Tóm tắt có "dấu nháy" và <script>alert(1)</script> & ký tự lạ.',
        published_at=vn_time(2026, 4, 1, 8, 0),
    )
    pages = {
        "home": "/",
        "index": "/dien-hinh-tien-tien/",
        "filtered": "/dien-hinh-tien-tien/?don-vi=thanh-tra-so",
        "search": "/dien-hinh-tien-tien/?q=ke+sach",
        "story": stories["ke_sach"].url,
        "other story": stories["inspector"].url,
        "hostile story": hostile.url,
        "not found": "/khong-co-trang-nay/",
    }
    descriptions = {}
    for name, path in pages.items():
        page.goto(f"{site}{path}")
        metas = page.locator("meta[name=description]")
        assert metas.count() == 1, name
        descriptions[name] = metas.get_attribute("content")
        assert descriptions[name].strip(), name
    assert len(set(descriptions.values())) == len(descriptions), descriptions
    assert descriptions["index"] == INTRO
    assert descriptions["story"] == stories["ke_sach"].summary
    assert descriptions["hostile story"] == hostile.summary  # escaped: read back as written
    page.goto(f"{site}{hostile.url}")
    injected = "[...document.scripts].filter(s => s.textContent.trim() === 'alert(1)').length"
    assert page.evaluate(injected) == 0
    assert "Thanh tra Sở" in descriptions["filtered"]
    assert "ke sach" in descriptions["search"]


SMALL_TARGETS = """() => [...document.querySelectorAll('a[href], button, summary, select, input')]
    .filter((e) => e.offsetParent && !e.closest('.story-body, .story-card p, .skip-link'))
    .map((e) => [e.innerText.trim().slice(0, 40), e.getBoundingClientRect()])
    .filter(([, r]) => r.width < 24 || r.height < 24)
    .map(([text, r]) => `${text}: ${Math.round(r.width)}×${Math.round(r.height)}`)"""


def test_on_a_phone_every_control_and_standalone_link_is_big_enough_for_a_thumb(
    page, site, index_with_intro, stories
):
    """WCAG 2.5.8 (24×24 px at least); links inside sentences are exempt."""
    for path in ("/", "/dien-hinh-tien-tien/?don-vi=thanh-tra-so", stories["ke_sach"].url):
        page.goto(f"{site}{path}")
        assert page.evaluate(SMALL_TARGETS) == [], path
