"""Registration only: the admin pieces themselves live in viewsets.py, modeladmin/, reports.py
and panels.py."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from . import admin_urls
from .modeladmin.registrations import RegistrationsGroup
from .panels import QuarterlyDutyPanel
from .registrations.permissions import is_office_cached as is_office
from .reports import OfficeReportMenuItem
from .viewsets import TaxonomyViewSetGroup

register_snippet(TaxonomyViewSetGroup)
modeladmin_register(RegistrationsGroup)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("exemplar-reports/", include(admin_urls, namespace="exemplar_stories_reports"))]


@hooks.register("register_reports_menu_item")
def register_quarterly_duty_menu_item():
    return OfficeReportMenuItem(
        _("Quarterly duty"),
        reverse("exemplar_stories_reports:quarterly_duty"),
        name="quarterly-duty",
        icon_name="calendar-alt",
        order=100,
    )


@hooks.register("register_reports_menu_item")
def register_yearly_review_menu_item():
    return OfficeReportMenuItem(
        _("Yearly review"),
        reverse("exemplar_stories_reports:yearly_review"),
        name="yearly-review",
        icon_name="doc-full",
        order=110,
    )


@hooks.register("construct_homepage_panels")
def add_quarterly_duty_panel(request, panels):
    if is_office(request.user):
        panels.insert(0, QuarterlyDutyPanel())
