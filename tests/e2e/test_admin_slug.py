"""The admin's browser fills a story's slug from its title as the server would (issue #3).

Wagtail's own transliteration has no Vietnamese map: left alone, it turned
"Điển hình tiên tiến Đồng Khởi" into "djin-hinh-tien-tin-djng-khi".
"""

import unicodedata

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from exemplar_stories.core.text import slugify_vi
from tests.e2e.signin import sign_in
from tests.exemplar_stories.support.factories import make_index

pytestmark = pytest.mark.e2e

TITLE = "Điển hình tiên tiến Đồng Khởi"


@pytest.fixture
def add_story_page(desktop_page, site):
    """The admin's "add an exemplar" form under the story index, signed in as a superuser."""
    get_user_model().objects.create_superuser("admin", "admin@example.vn", "secret-pass")
    index = make_index()
    sign_in(desktop_page, site, "admin", "secret-pass")  # a superuser: enrols a TOTP app
    desktop_page.goto(f"{site}/admin/pages/add/exemplar_stories/exemplarpage/{index.pk}/")
    return desktop_page


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_typing_a_vietnamese_title_fills_an_ascii_slug(add_story_page, screenshot, form):
    title = unicodedata.normalize(form, TITLE)
    add_story_page.locator("#id_title").press_sequentially(title)

    assert slugify_vi(title) == "dien-hinh-tien-tien-dong-khoi"
    expect(add_story_page.locator("#id_slug")).to_have_value("dien-hinh-tien-tien-dong-khoi")
    add_story_page.get_by_role("tab", name="Quảng bá").click()
    screenshot(add_story_page, "slug")


def test_browser_and_server_slugs_agree(add_story_page):
    titles = [
        TITLE,
        unicodedata.normalize("NFD", "Mô hình “Tư pháp – Hộ tịch” ở Mỹ Xuyên"),
        "  Nhân tố mới: Trợ giúp pháp lý_2024 / Quý IV  ",
        "ĐỖ THỊ HƯƠNG — Chiến sĩ thi đua",
        "Ấp Hòa Đê, xã Tài Văn (Trần Đề)!",
    ]
    browser_slugs = add_story_page.evaluate(
        """titles => {
            const input = document.getElementById("id_slug");
            const slug = window.wagtail.app.getControllerForElementAndIdentifier(input, "w-slug");
            return titles.map(value => slug.urlify({detail: {value}}, {ignoreUpdate: true, runFormat: true}));
        }""",
        titles,
    )
    assert browser_slugs == [slugify_vi(title) for title in titles]
