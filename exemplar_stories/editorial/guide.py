"""The editors' and reviewers' guide, in Vietnamese, behind the admin's Help menu (instead of
Wagtail's English editor guide and "what's new" links). Registered from wagtail_hooks.py."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

# Wagtail's help items that lead to its English pages.
WAGTAIL_HELP_ITEMS = {"editor-guide"}


class GuideView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Guide for editors and reviewers")
    header_icon = "help"
    template_name = "exemplar_stories/admin/guide.html"


def urls():
    return [path("huong-dan/", GuideView.as_view(), name="exemplar_stories_guide")]


def guide_menu_item():
    return MenuItem(
        _("Guide for editors and reviewers"),
        reverse("exemplar_stories_guide"),
        icon_name="help",
        order=1050,
        name="exemplar-guide",
    )


def keep_vietnamese_help(request, menu_items):
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in WAGTAIL_HELP_ITEMS and not item.name.startswith("whats-new")
    ]
