"""Registration only: the admin pieces live in viewsets.py, panels.py, modeladmin/, reports.py
and friends."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from . import admin_urls
from .modeladmin.registrations import RegistrationsGroup
from .modeladmin.syndication import SyndicationDeliveryAdmin
from .panels import AwaitingOfficeReviewPanel, QuarterlyDutyPanel, SentBackPanel
from .reports import OfficeReportMenuItem
from .roles import is_editor, is_office
from .syndication import admin_ui
from .viewsets import TaxonomyViewSetGroup

register_snippet(TaxonomyViewSetGroup)
modeladmin_register(SyndicationDeliveryAdmin)
modeladmin_register(RegistrationsGroup)
hooks.register("construct_homepage_panels", admin_ui.homepage_panels)
hooks.register("register_page_header_buttons", admin_ui.page_header_buttons)


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    if is_office(request.user):
        panels.insert(0, QuarterlyDutyPanel())
        panels.append(AwaitingOfficeReviewPanel())
    if is_editor(request.user):
        panels.append(SentBackPanel())


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
