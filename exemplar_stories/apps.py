from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExemplarStoriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exemplar_stories"
    verbose_name = _("Exemplar stories")

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401 (checks register themselves)

        signal_handlers.register_signal_handlers()
