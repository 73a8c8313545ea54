"""A passkey, enrolled and used for the second step in Chromium, with a virtual authenticator
(Chrome DevTools Protocol, WebAuthn domain): an internal, user-verifying platform key."""

import pytest
from playwright.sync_api import expect

from tests.e2e.signin import SETUP_PATH, VERIFY_PATH

pytestmark = pytest.mark.e2e

PASSWORD = "mat-khau-du-dai-12"


@pytest.fixture
def authenticator(desktop_page):
    cdp = desktop_page.context.new_cdp_session(desktop_page)
    cdp.send("WebAuthn.enable")
    result = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, result["authenticatorId"]


@pytest.fixture
def office_user(settings, site):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from portal.accounts import conf

    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [site]
    user = get_user_model().objects.create_user("vanphong", "vp@example.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=conf.group_name("REVIEWER_GROUP")))
    return user


def password_step(page, site):
    page.goto(f"{site}/admin/login/")
    page.fill("input[name=username]", "vanphong")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_an_office_user_enrols_a_passkey_and_signs_in_with_it(
    desktop_page, site, authenticator, office_user, screenshot
):
    from django_otp_webauthn.models import WebAuthnCredential

    page = desktop_page
    cdp, authenticator_id = authenticator

    # Right after the password: enrolment. Register a passkey, with the keyboard.
    password_step(page, site)
    page.wait_for_url(f"{site}{SETUP_PATH}?next=%2Fadmin%2F")
    button = page.get_by_role("button", name="Đăng ký khóa truy cập")
    button.focus()
    screenshot(page, "enrolment")
    page.keyboard.press("Enter")

    # Then the recovery codes, shown once.
    page.wait_for_url("**/second-factor/recovery-codes/**")
    expect(page.get_by_role("heading", name="Mã dự phòng")).to_be_visible()
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="Tôi đã lưu các mã: tiếp tục").click()
    page.wait_for_url(f"{site}/admin/")
    assert WebAuthnCredential.objects.filter(user=office_user, confirmed=True).count() == 1
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1

    # A new session: the password, then the passkey.
    page.context.clear_cookies()
    password_step(page, site)
    page.wait_for_url(f"{site}{VERIFY_PATH}?next=%2Fadmin%2F")
    assert page.goto(f"{site}/admin/account/").url.startswith(f"{site}{VERIFY_PATH}")
    screenshot(page, "second-step")
    page.get_by_role("button", name="Dùng khóa truy cập").click()
    page.wait_for_url(f"{site}/admin/account/")
    page.goto(f"{site}/admin/")
    assert page.url == f"{site}/admin/"
    expect(page.locator("main")).not_to_contain_text("Xác thực hai bước")
