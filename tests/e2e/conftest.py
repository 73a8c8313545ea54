"""Browser fixtures: one headless Chromium for all the browser tests, a fresh page per test.

The browser is the Debian `chromium` package driven by the Python `playwright` package (its own
browser download is never used). Without either, the tests skip on a laptop and fail under
CI=true (see `tests.conftest.require`). Screenshots go to `artifacts/e2e/` (ignored by git).
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import require
from tests.exemplar_stories.support.receiver import receiver  # noqa: F401 (a Standard Webhooks receiver)

CHROMIUM = os.environ.get("E2E_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts" / "e2e"


@pytest.fixture(scope="package")
def browser():
    """Chromium, launched once for all the browser tests (pytest-django runs them together, as
    transactional tests); closed when they are done, so that the environment variable below
    does not reach the other tests' subprocesses."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    require(sync_playwright is not None, "needs the playwright package (pip install -e '.[test]')")
    require(Path(CHROMIUM).exists(), f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the tests
    # (factories) are still synchronous, so Django's async guard must stand aside.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    """Browser tests sign in as in production: the Office and superusers need a second
    factor (tests/e2e/signin.py takes the step). Passkeys belong to the live server's host."""
    settings.ACCOUNTS_SECOND_FACTOR_REQUIRED = True


@pytest.fixture
def site(live_server, migrated_state):
    """The live server's base URL, over the migrated database (see `migrated_state`)."""
    return live_server.url


def _new_page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, site):
    """A phone-sized page (390×844), as most citizens read the portal."""
    context, page = _new_page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, site):
    context, page = _new_page(browser, {"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """screenshot(page, "step") writes artifacts/e2e/<test>--<step>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")

    def take(page, step):
        path = ARTIFACTS / f"{test_name}--{step}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture
def stories(site):
    """Three published stories in two units; only one of them mentions Kế Sách."""
    from tests.exemplar_stories.support.factories import make_story, make_unit, vn_time

    ke_sach = make_unit("Phòng Tư pháp huyện Kế Sách")
    inspectorate = make_unit("Thanh tra Sở")
    return {
        "ke_sach": make_story(
            "Hòa giải viên ấp Phong Phú",
            unit=ke_sach,
            subject_name="Lâm Thị Bé",
            summary="Mười năm hòa giải ở cơ sở, không để vụ việc nào kéo dài.",
            published_at=vn_time(2026, 3, 2, 9, 30),
        ),
        "inspector": make_story(
            "Thanh tra viên tận tụy",
            unit=inspectorate,
            summary="Giải quyết dứt điểm đơn thư tồn đọng.",
            published_at=vn_time(2026, 2, 10, 8, 0),
        ),
        "new_model": make_story(
            "Mô hình tiếp công dân lưu động",
            kind="new_model",
            unit=inspectorate,
            subject_kind="collective",
            subject_name="Đoàn thanh tra số 2",
            published_at=vn_time(2026, 1, 15, 8, 0),
        ),
    }
