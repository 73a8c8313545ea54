"""Registration only: the admin pieces live in viewsets.py, panels.py, modeladmin/ and friends."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from .modeladmin.syndication import SyndicationDeliveryAdmin
from .panels import AwaitingOfficeReviewPanel, SentBackPanel
from .roles import is_editor, is_office
from .syndication import admin_ui
from .viewsets import TaxonomyViewSetGroup

register_snippet(TaxonomyViewSetGroup)
modeladmin_register(SyndicationDeliveryAdmin)
hooks.register("construct_homepage_panels", admin_ui.homepage_panels)
hooks.register("register_page_header_buttons", admin_ui.page_header_buttons)


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    if is_office(request.user):
        panels.append(AwaitingOfficeReviewPanel())
    if is_editor(request.user):
        panels.append(SentBackPanel())
