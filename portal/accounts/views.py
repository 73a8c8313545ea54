"""The second step of the admin login, enrolment, the device page and a superuser's reset.

The pages of the second step and of enrolment look like Wagtail's login page (no admin menu:
a user who still owes the second factor can reach nothing else, see middleware.py)."""

from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.i18n import JavaScriptCatalog
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration

from . import devices
from .forms import TokenForm, TOTPSetupForm
from .qr import qr_svg, readable_secret

User = get_user_model()

# The Vietnamese of django-otp-webauthn's button and status texts (its own catalogue has none).
javascript_catalog = JavaScriptCatalog.as_view(packages=["portal.accounts"])


def next_url(request):
    """The admin page the user was going to, if it is ours; else the dashboard."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


def _with_next(url_name, request):
    from urllib.parse import urlencode

    return f"{reverse(url_name)}?{urlencode({'next': next_url(request)})}"


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step after the password: a TOTP code, a recovery code or a passkey."""
    user = request.user
    if request.user.is_verified() or not devices.must_verify(user):
        return redirect(next_url(request))
    if not user_has_device(user):
        return redirect(_with_next("portal_accounts:second_factor_setup", request))

    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = devices.verify(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = devices.recovery_codes_left(user)
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; %(count)s left. Make new ones on the "
                        "Two-step verification page."
                    )
                    % {"count": left},
                )
            return redirect(next_url(request))
        # Counted by django-axes like a wrong password (and shown in the login trail): enough
        # of them lock this username out from this address, as at the first step.
        credentials = {"username": user.get_username()}
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return get_lockout_response(request, credentials)
        form.add_error(
            "token",
            _("This code is not right, or it was already used. Wait a moment and try again."),
        )

    return TemplateResponse(
        request,
        "portal_accounts/verify.html",
        {
            "form": form,
            "next": next_url(request),
            "has_passkey": WebAuthnCredential.objects.filter(user=user, confirmed=True).exists(),
            "has_totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "passkey_config": get_configuration(request),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrolment: an authenticator app (QR code + code) or a passkey; then recovery codes.

    Reached right after the password by a user who must have a second factor and has none,
    and from the device page by anyone (already verified, if they have a device)."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect(_with_next("portal_accounts:second_factor_verify", request))
    device = devices.pending_totp_device(user)
    form = TOTPSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if devices.confirm_totp_device(device=device, token=form.cleaned_data["token"]):
            if not request.user.is_verified():
                otp_login(request, device)
            if devices.recovery_codes_left(user) == 0:  # the first device: codes to keep
                return _show_new_recovery_codes(request, first=True)
            messages.success(request, _("The authenticator app was added."))
            return redirect(next_url(request))
        form.add_error("token", _("This code is not right. Check the time on your phone."))

    return TemplateResponse(
        request,
        "portal_accounts/setup.html",
        {
            "form": form,
            "next": next_url(request),
            "qr_svg": qr_svg(device.config_url),
            "secret": readable_secret(device),
            "enrolling": not devices.has_second_factor(user),
            "recovery_url": _with_next("portal_accounts:recovery_codes", request),
            "passkey_config": get_configuration(request),
        },
    )


def _show_new_recovery_codes(request, *, first):
    codes = devices.new_recovery_codes(request.user)
    return TemplateResponse(
        request,
        "portal_accounts/recovery_codes.html",
        {"codes": codes, "first": first, "next": next_url(request)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """After a passkey is registered (first time), or on request: new recovery codes."""
    user = request.user
    if not devices.has_second_factor(user) or not request.user.is_verified():
        return redirect(_with_next("portal_accounts:second_factor_setup", request))
    if request.method == "POST":
        return _show_new_recovery_codes(request, first=False)
    if devices.recovery_codes_left(user) == 0:
        return _show_new_recovery_codes(request, first=True)
    return redirect("portal_accounts:devices")


@never_cache
@require_http_methods(["GET", "POST"])
def device_list(request):
    """The user's own page: their devices, recovery codes left, add or remove."""
    user = request.user
    totp, passkeys = devices.devices_of(user)
    if request.method == "POST":
        kind, _sep, pk = request.POST.get("remove", "").partition(":")
        model = {"totp": TOTPDevice, "passkey": WebAuthnCredential}.get(kind)
        if model is None or not pk.isdigit():
            raise Http404
        device = get_object_or_404(model, pk=pk, user=user, confirmed=True)
        if devices.requires_second_factor(user) and len(totp) + len(passkeys) == 1:
            messages.error(request, _("Your account needs a second factor: add another first."))
        else:
            devices.remove_device(user=user, device=device, by=user)
            messages.success(request, _("The device was removed."))
        return redirect("portal_accounts:devices")
    return TemplateResponse(
        request,
        "portal_accounts/devices.html",
        {
            "totp_devices": totp,
            "passkeys": passkeys,
            "codes_left": devices.recovery_codes_left(user),
            "required": devices.requires_second_factor(user),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def reset(request, user_id):
    """A superuser removes every device of another user (lost phone); logged on that user."""
    if not request.user.is_superuser:
        raise PermissionDenied
    target = get_object_or_404(User, pk=user_id)
    if target == request.user:
        raise PermissionDenied  # one's own devices are removed on the device page
    if request.method == "POST":
        devices.reset_second_factor(user=target, by=request.user)
        messages.success(
            request,
            _("The second factor of %(user)s was reset: they will set up a new one at login.")
            % {"user": target.get_username()},
        )
        return redirect("wagtailusers_users:edit", target.pk)
    totp, passkeys = devices.devices_of(target)
    return TemplateResponse(
        request,
        "portal_accounts/reset_confirm.html",
        {
            "target": target,
            "totp_devices": totp,
            "passkeys": passkeys,
            "codes_left": devices.recovery_codes_left(target),
        },
    )
