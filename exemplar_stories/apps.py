from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExemplarStoriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exemplar_stories"
    verbose_name = _("Exemplar stories")

    def ready(self):
        # Seam: Django app loading. The checks and the handlers import the models, which are
        # only importable once the app registry is ready, so they load here (as Wagtail's own
        # contrib apps do); the checks register themselves on import.
        from . import signal_handlers  # seam: app loading (apps.ready)
        from .public import checks as public_checks  # noqa: F401  seam: app loading (apps.ready)
        from .syndication import checks as syndication_checks  # noqa: F401  seam: app loading

        signal_handlers.register_signal_handlers()
        register_page_permission_policy()


def register_page_permission_policy():
    """Every admin page listing asks the page permission policy: unit scoping goes there."""
    from wagtail.models import Page
    from wagtail.permissions import register_permission_policy

    from .access.stories import UnitScopedPagePermissionPolicy  # seam: app loading

    register_permission_policy(Page, UnitScopedPagePermissionPolicy(Page))
