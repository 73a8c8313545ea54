"""Syndication in the admin: the delivery log (modeladmin), the Office's dashboard alert and
the status line in a story's edit header."""

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from . import dashboard
from .admin import SyndicationDeliveryAdmin

modeladmin_register(SyndicationDeliveryAdmin)
hooks.register("construct_homepage_panels", dashboard.homepage_panels)
hooks.register("register_page_header_buttons", dashboard.page_header_buttons)
