"""Registration only: each room registers its own admin pieces in its `wagtail_hooks` module,
imported here (Wagtail imports only this one); panels sort by their `order` and menus by
`menu_order`, so the import order does not matter. The one hook of its own mounts the reports'
URL namespace, which two rooms share (admin_urls.py)."""

from django.urls import include, path
from wagtail import hooks

from . import admin_urls
from .consent import wagtail_hooks as consent_hooks  # noqa: F401
from .duty import wagtail_hooks as duty_hooks  # noqa: F401
from .editorial import wagtail_hooks as editorial_hooks  # noqa: F401
from .registrations import wagtail_hooks as registrations_hooks  # noqa: F401
from .syndication import wagtail_hooks as syndication_hooks  # noqa: F401
from .taxonomy import wagtail_hooks as taxonomy_hooks  # noqa: F401
from .yearly_review import wagtail_hooks as yearly_review_hooks  # noqa: F401


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("exemplar-reports/", include(admin_urls, namespace="exemplar_stories_reports"))]
