"""The consent room's admin pieces: its URLs, the Office's personal-data menu item, and the
two actions it writes to a story's history."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from ..access.admin import OfficeReportMenuItem
from . import services, urls


@hooks.register("register_admin_urls")
def register_consent_urls():
    return [path("consent/", include(urls, namespace="exemplar_stories_consent"))]


@hooks.register("register_reports_menu_item")
def register_personal_data_menu_item():
    return OfficeReportMenuItem(
        _("Personal data"),
        reverse("exemplar_stories_consent:personal_data"),
        name="personal-data",
        icon_name="user",
        order=300,
    )


@hooks.register("register_log_actions")
def register_consent_log_actions(actions):
    actions.register_action(services.RECORDED, _("Consent recorded"), _("Consent recorded"))
    actions.register_action(services.WITHDRAWN, _("Consent withdrawn"), _("Consent withdrawn"))
