from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """The portal's front page: an introduction, then the latest exemplar stories."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short introduction shown at the top of the home page."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def __str__(self):
        return self.title
