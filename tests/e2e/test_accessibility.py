"""Accessibility in the browser (issue #8): axe-core finds no serious or critical violation on
the public pages, the skip link works and the keyboard focus is visible.

axe-core comes inside the `axe-playwright-python` wheel (its `axe.min.js`): nothing is fetched
at run time.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from exemplar_stories.demo.loader import load_demo_content
from exemplar_stories.models import ExemplarPage, NewFactorPage, NewModelPage

pytestmark = pytest.mark.e2e

BLOCKING = {"serious", "critical"}
INDEX = "/dien-hinh-tien-tien/"


def blocking_violations(page):
    """axe's serious and critical violations on the page, one readable line each."""
    response = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.fixture
def demo(site):
    """The demo content: stories of every kind with pictures, blocks, awards, several pages."""
    load_demo_content()


def test_public_pages_have_no_serious_or_critical_axe_violation(page, site, demo):
    stories = [
        model.objects.live().first().url for model in (ExemplarPage, NewModelPage, NewFactorPage)
    ]
    paths = [
        "/",
        INDEX,
        f"{INDEX}?loai=dien-hinh-tien-tien&don-vi=phong-tu-phap-huyen-ke-sach",
        f"{INDEX}?q=ke+sach",
        f"{INDEX}?q=khong+co+bai+nao",
        f"{INDEX}?trang=2",
        f"{INDEX}?nam=khong-phai-nam",
        *stories,
    ]
    found = {}
    for path in paths:
        page.goto(f"{site}{path}")
        if violations := blocking_violations(page):
            found[path] = violations
    assert found == {}


def test_axe_does_report_a_serious_violation(page, site):
    """The check above can fail: an image without a text alternative is caught."""
    page.goto(f"{site}/")
    page.evaluate(
        """() => document.querySelector("main").insertAdjacentHTML("beforeend",
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">')"""
    )
    assert any(line.startswith("image-alt (critical)") for line in blocking_violations(page))


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(page, site, demo):
    page.goto(f"{site}{INDEX}")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    expect(skip).to_have_text("Bỏ qua, đến nội dung chính")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}{INDEX}#noi-dung")
    expect(page.locator("main#noi-dung")).to_be_focused()
    # The next tab stop is inside the main content, past the header and the breadcrumbs.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


FOCUS_STYLE = """() => {
    const style = getComputedStyle(document.activeElement);
    return {
        tag: document.activeElement.tagName,
        outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
        ring: style.boxShadow !== "none",
    };
}"""


def test_keyboard_focus_is_visible_on_every_tab_stop(page, site, demo):
    page.goto(f"{site}{INDEX}")
    invisible = []
    for _ in range(25):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        if focus["outline"] < 2 and not focus["ring"]:
            invisible.append(focus)
    assert invisible == []
