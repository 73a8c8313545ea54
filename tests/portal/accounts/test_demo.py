"""The demo users keep signing in with `make run`: a demo TOTP device and a code printer."""

import io

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from .helpers import VERIFY_URL, editor_user, make_user, office_user, password_step

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        run("load_demo_second_factors")
    with pytest.raises(CommandError):
        run("demo_totp", "vanphong")


def test_the_office_and_superusers_get_the_demo_device_and_can_sign_in(
    client, settings, second_factor_required
):
    settings.DEBUG = True
    office_user()
    make_user("admin", superuser=True)
    editor_user()
    out = run("load_demo_second_factors")
    run("load_demo_second_factors")  # idempotent
    assert "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" in out and "demo_totp vanphong" in out
    assert "demo12345" in out
    assert sorted(TOTPDevice.objects.values_list("user__username", flat=True)) == [
        "admin",
        "vanphong",
    ]
    code = run("demo_totp", "vanphong").strip()
    password_step(client, "vanphong")
    assert client.post(VERIFY_URL, {"token": code}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_demo_totp_needs_a_demo_device(settings):
    settings.DEBUG = True
    editor_user()
    with pytest.raises(CommandError):
        run("demo_totp", "bientap.kesach")
