"""Receivers, connected once from AccountsConfig.ready() with dispatch_uids."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from wagtail.log_actions import log


def start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        from .middleware import start_session_clock

        start_session_clock(request)


def log_new_passkey(sender, instance, created, **kwargs):
    if created:
        log(
            instance=instance.user,
            action="portal_accounts.device_added",
            user=instance.user,
            data={"kind": "passkey"},
        )


def register_signal_handlers():
    from django_otp_webauthn.models import WebAuthnCredential

    user_logged_in.connect(start_session_clock, dispatch_uid="portal_accounts_session_clock")
    post_save.connect(
        log_new_passkey, sender=WebAuthnCredential, dispatch_uid="portal_accounts_new_passkey"
    )
