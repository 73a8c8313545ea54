"""Registration only: views in views.py and login_trail.py, panels in panels.py, log
formatters in changes.py."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import admin_urls, changes, devices
from .login_trail import SuperuserMenuItem
from .panels import NoUnitWarningPanel, SecondFactorOfferPanel, is_editor_without_unit


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("security/", include(admin_urls, namespace="portal_accounts"))]


@hooks.register("register_reports_menu_item")
def register_login_trail_menu_item():
    return SuperuserMenuItem(
        _("Login trail"), reverse("portal_accounts:login_trail"), icon_name="key", order=900
    )


@hooks.register("register_account_menu_item")
def register_second_factor_account_item(request):
    return {
        "url": reverse("portal_accounts:devices"),
        "label": _("Two-step verification"),
        "help_text": _("Authenticator app, passkeys and recovery codes."),
    }


@hooks.register("register_user_listing_buttons")
def register_reset_button(user, request_user):
    if request_user.is_superuser and user != request_user:
        return [
            Button(
                _("Reset second factor"),
                reverse("portal_accounts:second_factor_reset", args=[user.pk]),
                icon_name="key",
                priority=90,
            )
        ]
    return []


@hooks.register("construct_homepage_panels")
def add_account_panels(request, panels):
    user = request.user
    if is_editor_without_unit(user):
        panels.append(NoUnitWarningPanel())
    if not devices.requires_second_factor(user) and not devices.has_second_factor(user):
        panels.append(SecondFactorOfferPanel())


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("portal_accounts.changed")(changes.ChangedFormatter)
    actions.register_action("portal_accounts.second_factor_reset")(
        changes.SecondFactorResetFormatter
    )
    actions.register_action("portal_accounts.device_added")(changes.DeviceAddedFormatter)
    actions.register_action("portal_accounts.device_removed")(changes.DeviceRemovedFormatter)
    actions.register_action("portal_accounts.disabled_dormant")(changes.DisabledDormantFormatter)
