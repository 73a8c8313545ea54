from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users import apps as wagtail_users_apps


class AccountsConfig(AppConfig):
    """Admin accounts: second factor, session limits, dormant accounts, the login trail."""

    name = "portal.accounts"
    label = "portal_accounts"
    verbose_name = _("Admin accounts")
    default = True

    def ready(self):
        from . import signal_handlers

        signal_handlers.register_signal_handlers()


class WagtailUsersConfig(wagtail_users_apps.WagtailUsersAppConfig):
    """Wagtail's users app with our user and group views (unit on the user form, changes
    logged field by field); listed in INSTALLED_APPS instead of "wagtail.users"."""

    default = False
    user_viewset = "portal.accounts.viewsets.UserViewSet"
    group_viewset = "portal.accounts.viewsets.GroupViewSet"
