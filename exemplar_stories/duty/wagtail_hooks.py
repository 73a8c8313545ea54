"""The quarterly duty in the admin: its dashboard panel and its Reports menu item."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from ..access.admin import OfficeReportMenuItem
from ..access.roles import is_office
from .dashboard import QuarterlyDutyPanel


@hooks.register("construct_homepage_panels")
def add_quarterly_duty_panel(request, panels):
    if is_office(request.user):
        panels.insert(0, QuarterlyDutyPanel())


@hooks.register("register_reports_menu_item")
def register_quarterly_duty_menu_item():
    return OfficeReportMenuItem(
        _("Quarterly duty"),
        reverse("exemplar_stories_reports:quarterly_duty"),
        name="quarterly-duty",
        icon_name="calendar-alt",
        order=100,
    )
