"""The second factor: who must have one, the user's devices, enrolment and recovery codes.

Devices are django-otp's: TOTP (an authenticator app), static recovery codes, and
django-otp-webauthn's passkeys. Views, commands and the gate all call these functions.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import device_classes, devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from wagtail.log_actions import log

from . import conf

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"
TOTP_DEVICE_NAME = "authenticator"


def requires_second_factor(user):
    """Superusers and members of the configured groups (the Office) must have one."""
    if not user or not user.is_authenticated or not conf.second_factor_required():
        return False
    return user.is_superuser or user.groups.filter(name__in=conf.second_factor_groups()).exists()


def has_second_factor(user):
    """A confirmed TOTP device or passkey (recovery codes alone do not count)."""
    return any(not isinstance(device, StaticDevice) for device in devices_for_user(user))


def has_any_device(user):
    """django-otp's user_has_device in one query (one EXISTS over every device table) instead
    of one per device model: it runs on every admin request until the second step is done."""
    if not user or not user.is_authenticated:
        return False
    querysets = [
        model.objects.filter(user=user, confirmed=True).values("pk") for model in device_classes()
    ]
    return querysets[0].union(*querysets[1:], all=True).exists()


def must_verify(user):
    """Whether this session's user still owes the second step: anyone with a device, and
    anyone who is required to have one. `request.user.is_verified()` says if it was taken."""
    if not user or not user.is_authenticated:
        return False
    return has_any_device(user) or requires_second_factor(user)


def needs_enrolment(user):
    return requires_second_factor(user) and not has_second_factor(user)


def pending_totp_device(user):
    """The user's unconfirmed TOTP device (its key shown as a QR code until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_totp_device(*, device, token):
    """Confirms the device if the code is right; returns whether it was."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log(
        instance=device.user,
        action="portal_accounts.device_added",
        user=device.user,
        data={"kind": "totp"},
    )
    return True


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def new_recovery_codes(user):
    """Replaces the user's recovery codes with fresh ones and returns them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def normalise_token(token):
    return "".join((token or "").split()).replace("-", "").lower()


def verify(user, token):
    """The device that accepts this code (a TOTP code, or a recovery code, used up), or None.

    Each device counts its own failures and makes the user wait longer after each one
    (django-otp's throttling)."""
    token = normalise_token(token)
    if not token:
        return None
    kinds = (TOTPDevice,) if token.isdigit() and len(token) <= 8 else (StaticDevice,)
    for device in devices_for_user(user):
        if isinstance(device, kinds) and device.verify_token(token):
            return device
    return None


def devices_of(user):
    """What the device page lists: authenticator apps and passkeys (confirmed)."""
    totp = list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at"))
    passkeys = list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk"))
    return totp, passkeys


@transaction.atomic
def remove_device(*, user, device, by):
    device.delete()
    if not has_second_factor(user):
        StaticDevice.objects.filter(user=user).delete()
    log(
        instance=_stored(user),
        action="portal_accounts.device_removed",
        user=by,
        data={"kind": "passkey" if isinstance(device, WebAuthnCredential) else "totp"},
    )


@transaction.atomic
def reset_second_factor(*, user, by=None):
    """Removes every device of `user` (TOTP, passkeys, recovery codes), logged on the user.

    Their verified sessions stop being verified on the next request (django-otp no longer
    finds the device), so they are sent to enrolment again if they must have one."""
    counts = {
        "totp": TOTPDevice.objects.filter(user=user).delete()[0],
        "passkey": WebAuthnCredential.objects.filter(user=user).delete()[0],
        "recovery": StaticDevice.objects.filter(user=user).delete()[0],
    }
    log(instance=_stored(user), action="portal_accounts.second_factor_reset", user=by, data=counts)
    return counts


def _stored(user):
    """The user as a model instance: Wagtail's log() silently skips request.user, which
    django-otp wraps in a second lazy object."""
    User = get_user_model()
    return user if type(user) is User else User._default_manager.get(pk=user.pk)


def device_label(kind):
    return {"totp": _("Authenticator app"), "passkey": _("Passkey")}.get(kind, kind)
