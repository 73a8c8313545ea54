"""Builders and helpers for the accounts tests."""

import base64
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from exemplar_stories.models import UnitMembership
from portal.accounts import conf

PASSWORD = "mat-khau-du-dai-12"
LOGIN_URL = "/admin/login/"
VERIFY_URL = "/admin/security/second-factor/"
SETUP_URL = "/admin/security/second-factor/setup/"


def make_user(username, *, group=None, unit=None, superuser=False, password=PASSWORD, **extra):
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(username, f"{username}@example.vn", password, **extra)
    else:
        user = User.objects.create_user(username, f"{username}@example.vn", password, **extra)
    if group:
        user.groups.add(Group.objects.get(name=conf.group_name(group)))
    if unit:
        UnitMembership.objects.create(user=user, unit=unit)
    return user


def office_user(username="vanphong", **kwargs):
    return make_user(username, group="REVIEWER_GROUP", **kwargs)


def editor_user(username="bientap.kesach", **kwargs):
    return make_user(username, group="EDITOR_GROUP", **kwargs)


def give_totp(user, key="3132333435363738393031323334353637383930"):
    return TOTPDevice.objects.create(user=user, name="authenticator", key=key, confirmed=True)


def code_for(device_or_key):
    """The current TOTP code for a device or a hex key."""
    if isinstance(device_or_key, TOTPDevice):
        key = device_or_key.bin_key
    else:
        key = bytes.fromhex(device_or_key)
    return f"{TOTP(key).token():06d}"


def key_from_setup_page(html):
    """The hex key of the TOTP device shown on the enrolment page (as a person would type it)."""
    secret = re.search(r"data-secret>([A-Z2-7 ]+)<", html).group(1).replace(" ", "")
    secret += "=" * (-len(secret) % 8)
    return base64.b32decode(secret).hex()


def password_step(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)
