"""Demo second factors: the demo Office users and superusers get a TOTP device with one fixed,
public secret, so that `make run` users can sign in (`manage.py demo_totp vanphong`). Refused
with DEBUG off unless --force, like load_demo_content."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import conf

# RFC 6238's own test secret ("12345678901234567890"): public, for demo accounts only.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # the same key in base32, for apps
DEMO_DEVICE_NAME = "demo"


def demo_second_factor_users():
    """Who must have a second factor, whether or not the requirement is switched on here."""
    return (
        get_user_model()
        ._default_manager.filter(
            Q(is_superuser=True) | Q(groups__name__in=conf.second_factor_groups()),
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


def load_demo_second_factors():
    """Gives each of them the demo TOTP device (idempotent); returns the users."""
    users = list(demo_second_factor_users())
    for user in users:
        TOTPDevice.objects.update_or_create(
            user=user,
            name=DEMO_DEVICE_NAME,
            defaults={"key": DEMO_TOTP_KEY, "confirmed": True, "step": 30, "digits": 6},
        )
    return users


def demo_otpauth_uri(username):
    return (
        f"otpauth://totp/{conf_issuer()}:{username}?secret={DEMO_TOTP_SECRET}"
        f"&issuer={conf_issuer()}&digits=6&period=30"
    )


def conf_issuer():
    from urllib.parse import quote

    return quote("Sở Tư pháp (demo)")


def current_demo_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
