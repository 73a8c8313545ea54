"""The plan's catalogues (units, fields, movements, awards) as one snippets menu, and the
Office's "Rename or merge units" screen."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from ..access.admin import OfficeReportMenuItem
from .views import UnitChangeView
from .viewsets import TaxonomyViewSetGroup

register_snippet(TaxonomyViewSetGroup)


@hooks.register("register_admin_urls")
def register_unit_change_url():
    return [
        path(
            "exemplar-units/change/", UnitChangeView.as_view(), name="exemplar_stories_unit_change"
        )
    ]


@hooks.register("register_admin_menu_item")
def register_unit_change_menu_item():
    # The Office has no permission on the units' snippets; this screen is its one way in.
    return OfficeReportMenuItem(
        _("Rename or merge units"),
        reverse("exemplar_stories_unit_change"),
        name="exemplar-unit-change",
        icon_name="group",
        order=850,
    )
