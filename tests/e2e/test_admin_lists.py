"""The admin's filtered lists (wagtail-modeladmin) in Chromium, with the long Vietnamese names
a unit really has: on a laptop the list keeps to its column beside the filters, every cell
readable, no word broken; on a phone every header button is on the screen and the first row
comes before the filters."""

import pytest

from .conftest import PHONE
from .signin import sign_in

pytestmark = pytest.mark.e2e

LONG_UNIT = "Công chức Tư pháp – Hộ tịch các xã khu vực Kế Sách, Châu Thành, Mỹ Tú"
BUTTONS = ("Tải xuống XLSX", "Thêm đăng ký", "Lộ trình khen thưởng bậc cao", "Nhập từ bảng tính")


@pytest.fixture
def registrations(site):
    from tests.exemplar_stories.support.factories import make_story, make_unit
    from tests.exemplar_stories.support.registration_helpers import (
        award,
        make_editor,
        make_registration,
    )

    unit = make_unit(LONG_UNIT)
    make_editor("bientap.kesach", unit=unit)
    story = make_story("Ông Danh Sóc, hòa giải viên ba mươi năm ở Châu Thành", unit=unit)
    for name, held in (("Danh Sóc", story), ("Lâm Thị Hồng", None), ("Lý Thị Sa Rết", None)):
        make_registration(
            name, unit=unit, registered_award=award("Chiến sĩ thi đua cấp bộ, cấp tỉnh"), story=held
        )


LAYOUT = """() => {
    const filters = document.querySelector('.changelist-filter').getBoundingClientRect();
    const list = document.querySelector('.result-list');
    const cells = [...list.querySelectorAll('th, td')];
    const year = document.querySelector('td.field-year');
    const range = document.createRange();
    range.selectNodeContents(year);
    const rows = [...list.querySelectorAll('tbody tr')];
    return {
        filtersLeft: filters.left,
        filtersTop: filters.top,
        cellsRight: Math.max(...cells.map(c => c.getBoundingClientRect().right)),
        hiddenWidth: list.scrollWidth - list.clientWidth,
        hiddenHeight: list.scrollHeight - list.clientHeight,
        yearLines: new Set([...range.getClientRects()].map(r => Math.round(r.top))).size,
        firstRowTop: rows[0].getBoundingClientRect().top,
    };
}"""


def test_on_a_laptop_the_registrations_list_keeps_beside_its_filters(
    desktop_page, site, registrations, screenshot
):
    sign_in(desktop_page, site, "bientap.kesach", "pw")
    desktop_page.goto(f"{site}/admin/exemplar_stories/registration/")
    layout = desktop_page.evaluate(LAYOUT)
    screenshot(desktop_page, "laptop")
    assert layout["cellsRight"] <= layout["filtersLeft"], layout  # no cell under the filters
    assert layout["hiddenWidth"] <= 0, layout  # nor cut off: the whole table fits its column
    assert layout["hiddenHeight"] <= 0, layout  # and its last row is whole
    assert layout["yearLines"] == 1, layout  # "2026", not "202" over "6"


def test_on_a_phone_the_registrations_list_comes_first_and_its_buttons_are_on_screen(
    page, site, registrations, screenshot
):
    sign_in(page, site, "bientap.kesach", "pw")
    page.goto(f"{site}/admin/exemplar_stories/registration/")
    screenshot(page, "phone")
    for name in BUTTONS:
        box = page.get_by_text(name, exact=True).first.bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], (name, box)
    layout = page.evaluate(LAYOUT)
    assert layout["firstRowTop"] < PHONE["height"], layout  # above the fold
    assert layout["firstRowTop"] < layout["filtersTop"], layout
