"""Registration only: the admin pieces themselves live in viewsets.py, modeladmin/ and friends."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from .modeladmin.syndication import SyndicationDeliveryAdmin
from .syndication import admin_ui
from .viewsets import TaxonomyViewSetGroup

register_snippet(TaxonomyViewSetGroup)
modeladmin_register(SyndicationDeliveryAdmin)
hooks.register("construct_homepage_panels", admin_ui.homepage_panels)
hooks.register("register_page_header_buttons", admin_ui.page_header_buttons)
