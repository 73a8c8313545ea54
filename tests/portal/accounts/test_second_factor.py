"""Issue #19, problem 2: a second factor in the Wagtail login flow, through the real admin URLs."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time
from wagtail.models import ModelLogEntry

from portal.accounts import devices

from .helpers import (
    SETUP_URL,
    VERIFY_URL,
    code_for,
    editor_user,
    give_totp,
    key_from_setup_page,
    make_user,
    office_user,
    password_step,
)

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
STEP = datetime.timedelta(seconds=30)  # one TOTP time step: a code is accepted once


def test_the_office_and_superusers_must_have_one_editors_may(second_factor_required):
    assert devices.requires_second_factor(office_user())
    assert devices.requires_second_factor(make_user("admin", superuser=True))
    assert not devices.requires_second_factor(editor_user())
    assert not devices.requires_second_factor(AnonymousUser())


def test_the_groups_that_must_are_a_setting(second_factor_required):
    second_factor_required.ACCOUNTS_SECOND_FACTOR_GROUPS = ["Biên tập viên"]
    assert devices.requires_second_factor(editor_user())
    assert not devices.requires_second_factor(office_user())


def test_an_office_user_without_a_device_goes_to_enrolment_right_after_the_password(
    client, second_factor_required
):
    office_user()
    response = password_step(client, "vanphong")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP_URL}?next=%2Fadmin%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Thiết lập xác thực hai bước" in html
    assert "<svg" in html  # the QR code
    assert 'id="passkey-registration-placeholder"' in html


def test_the_whole_totp_login_through_the_admin_urls(client, second_factor_required):
    office_user()
    with freeze_time(START) as clock:
        # First login: password, then enrolment with an authenticator app.
        response = client.get("/admin/account/", follow=True)
        assert response.redirect_chain[-1][0].startswith("/admin/login/?next=/admin/account/")
        response = client.post(
            "/admin/login/",
            {"username": "vanphong", "password": "mat-khau-du-dai-12", "next": "/admin/account/"},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == f"{SETUP_URL}?next=%2Fadmin%2Faccount%2F"
        key = key_from_setup_page(response.content.decode())
        assert (
            client.post(SETUP_URL, {"token": "000000", "next": "/admin/account/"}).status_code
            == 200
        )
        assert not TOTPDevice.objects.filter(confirmed=True).exists()
        clock.tick(datetime.timedelta(seconds=2))  # django-otp makes a failure wait a second
        response = client.post(SETUP_URL, {"token": code_for(key), "next": "/admin/account/"})
        assert response.status_code == 200
        assert "portal_accounts/recovery_codes.html" in [t.name for t in response.templates]
        codes = response.context["codes"]
        assert len(codes) == 10
        assert client.get("/admin/account/").status_code == 200  # verified: the admin is open
        client.post("/admin/logout/")

        # Next login: password, then the code.
        clock.tick(STEP)
        response = client.post(
            "/admin/login/",
            {"username": "vanphong", "password": "mat-khau-du-dai-12", "next": "/admin/account/"},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == f"{VERIFY_URL}?next=%2Fadmin%2Faccount%2F"
        assert "Xác thực hai bước" in response.content.decode()
        response = client.post(VERIFY_URL, {"token": code_for(key), "next": "/admin/account/"})
        assert response.status_code == 302 and response["Location"] == "/admin/account/"
        assert client.get("/admin/account/").status_code == 200


def test_a_code_works_once(client, second_factor_required):
    device = give_totp(office_user())
    with freeze_time(START):
        code = code_for(device)
        password_step(client, "vanphong")
        assert client.post(VERIFY_URL, {"token": code}).status_code == 302
        client.post("/admin/logout/")
        password_step(client, "vanphong")
        response = client.post(VERIFY_URL, {"token": code})
    assert response.status_code == 200
    assert "Mã này không đúng" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_is_refused_and_recorded_in_the_trail(client, second_factor_required):
    from axes.models import AccessFailureLog

    give_totp(office_user())
    password_step(client, "vanphong")
    response = client.post(VERIFY_URL, {"token": "123456"})
    assert response.status_code == 200
    failure = AccessFailureLog.objects.get()
    assert failure.username == "vanphong" and failure.path_info == VERIFY_URL


def test_wrong_codes_lock_the_user_out_like_wrong_passwords(client, second_factor_required):
    give_totp(office_user())
    with freeze_time(START) as clock:
        password_step(client, "vanphong")
        for _ in range(4):
            clock.tick(datetime.timedelta(minutes=1))  # past django-otp's own back-off
            assert client.post(VERIFY_URL, {"token": "123456"}).status_code == 200
        clock.tick(datetime.timedelta(minutes=1))
        response = client.post(VERIFY_URL, {"token": "123456"})
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        assert password_step(client, "vanphong").status_code == 429


def test_recovery_codes_work_once_each(client, second_factor_required):
    user = office_user()
    give_totp(user)
    codes = devices.new_recovery_codes(user)
    with freeze_time(START) as clock:
        for code in codes[:3]:
            password_step(client, "vanphong")
            response = client.post(VERIFY_URL, {"token": code.upper()})  # typed as printed
            assert response.status_code == 302, code
            client.post("/admin/logout/")
            password_step(client, "vanphong")
            assert client.post(VERIFY_URL, {"token": code}).status_code == 200  # used up
            client.post("/admin/logout/")
            clock.tick(datetime.timedelta(minutes=1))  # past django-otp's back-off
    assert StaticToken.objects.filter(device__user=user).count() == 7


def test_an_editor_is_offered_a_second_factor_not_forced(client, second_factor_required):
    editor_user()
    password_step(client, "bientap.kesach")
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Bảo vệ tài khoản" in response.content.decode()  # the dashboard's offer
    assert client.get(reverse("portal_accounts:devices")).status_code == 200


def test_an_editor_who_added_a_device_must_use_it(client):
    # Even with the requirement off (test settings), a device, once added, is always asked for.
    give_totp(editor_user())
    password_step(client, "bientap.kesach")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY_URL)


def test_the_public_site_treats_a_user_halfway_through_as_anonymous(
    client, rf, second_factor_required
):
    from django.http import HttpResponse

    from portal.accounts.middleware import SecondFactorMiddleware

    user = office_user()
    seen = {}

    def view(request):
        seen["user"] = request.user
        return HttpResponse()

    request = rf.get("/")
    request.user = user
    request.user.is_verified = lambda: False
    SecondFactorMiddleware(view)(request)
    assert not seen["user"].is_authenticated


def test_a_superuser_resets_another_users_devices_and_it_is_logged(client, second_factor_required):
    admin = make_user("admin", superuser=True)
    target = office_user()
    give_totp(target)
    devices.new_recovery_codes(target)
    client.force_login(admin)
    admin_device = give_totp(admin)
    assert client.post(VERIFY_URL, {"token": code_for(admin_device)}).status_code == 302
    url = reverse("portal_accounts:second_factor_reset", args=[target.pk])
    assert "Đặt lại xác thực hai bước" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not devices.has_second_factor(target)
    assert devices.recovery_codes_left(target) == 0
    entry = ModelLogEntry.objects.get(action="portal_accounts.second_factor_reset")
    assert entry.user_id == admin.pk and entry.object_id == str(target.pk)
    assert "Đã đặt lại xác thực hai bước" in entry.message
    history = client.get(reverse("wagtailusers_users:history", args=[target.pk]))
    assert "Đã đặt lại xác thực hai bước" in history.content.decode()


def test_only_a_superuser_may_reset(client):
    target = office_user()
    give_totp(target)
    client.force_login(office_user("vanphong2"))
    url = reverse("portal_accounts:second_factor_reset", args=[target.pk])
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's refusal
    assert devices.has_second_factor(target)


def test_after_a_reset_a_verified_session_must_enrol_again(client, second_factor_required):
    user = office_user()
    device = give_totp(user)
    with freeze_time(START):
        password_step(client, "vanphong")
        client.post(VERIFY_URL, {"token": code_for(device)})
        assert client.get("/admin/").status_code == 200
        devices.reset_second_factor(user=user)
        response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP_URL)


def test_plugin_tests_may_force_login_the_office_with_the_requirement_off(client):
    client.force_login(office_user())
    assert client.get("/admin/").status_code == 200


def test_adding_another_app_keeps_the_recovery_codes(client, second_factor_required):
    user = office_user()
    device = give_totp(user)
    codes = devices.new_recovery_codes(user)
    with freeze_time(START) as clock:
        password_step(client, "vanphong")
        client.post(VERIFY_URL, {"token": code_for(device)})
        key = key_from_setup_page(client.get(SETUP_URL).content.decode())
        clock.tick(STEP)
        response = client.post(SETUP_URL, {"token": code_for(key), "next": "/admin/account/"})
    assert response.status_code == 302 and response["Location"] == "/admin/account/"
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 2
    assert devices.recovery_codes_left(user) == len(codes)


def test_the_users_listing_offers_the_reset_to_superusers(client):
    target = office_user()
    client.force_login(make_user("admin", superuser=True))
    html = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert reverse("portal_accounts:second_factor_reset", args=[target.pk]) in html


def test_the_device_page_lists_and_removes_a_device(client):
    user = editor_user()
    device = give_totp(user)
    extra = give_totp(user)
    client.force_login(user)
    with freeze_time(START):
        client.post(VERIFY_URL, {"token": code_for(device)})
        html = client.get(reverse("portal_accounts:devices")).content.decode()
        assert html.count("Ứng dụng xác thực") >= 2
        response = client.post(reverse("portal_accounts:devices"), {"remove": f"totp:{extra.pk}"})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=user)) == [device]
    assert ModelLogEntry.objects.filter(action="portal_accounts.device_removed").exists()
