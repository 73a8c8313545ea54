"""The yearly review in the admin: its Reports menu item."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from ..access.admin import OfficeReportMenuItem


@hooks.register("register_reports_menu_item")
def register_yearly_review_menu_item():
    return OfficeReportMenuItem(
        _("Yearly review"),
        reverse("exemplar_stories_reports:yearly_review"),
        name="yearly-review",
        icon_name="doc-full",
        order=110,
    )
