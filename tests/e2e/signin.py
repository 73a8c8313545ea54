"""Signing in to the admin in the browser, second step included (the requirement is on in the
browser tests, see conftest.py): a code from the user's TOTP device, or enrolment when the
account must have a second factor and has none, as a person would do it."""

import base64

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

VERIFY_PATH = "/admin/security/second-factor/"
SETUP_PATH = "/admin/security/second-factor/setup/"


def totp_code(hex_key):
    return f"{TOTP(bytes.fromhex(hex_key)).token():06d}"


def sign_in(page, base, username, password, *, expect_path="/admin/"):
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    path = page.url.removeprefix(base).split("?")[0]
    if path == SETUP_PATH:
        secret = page.locator("[data-secret]").inner_text().replace(" ", "")
        key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
        page.fill("input[name=token]", totp_code(key))
        page.get_by_role("button", name="Xác nhận").click()
        page.get_by_role("link", name="Tôi đã lưu các mã: tiếp tục").click()
    elif path == VERIFY_PATH:
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        page.fill("input[name=token]", totp_code(device.key))
        page.get_by_role("button", name="Xác thực").click()
    page.wait_for_url(f"{base}{expect_path}")


def signed_in_desktop(browser, base, username, password="pw"):
    """A new desktop-sized browser context signed in as `username` (the Office users enrol a
    TOTP app on the way): (context, page). Close the context when done."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, base, username, password)
    return context, page
