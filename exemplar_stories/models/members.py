"""Which unit an admin user writes for: the basis of unit scoping in the editorial workflow."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitMembership(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="unit_membership",
    )
    unit = models.ForeignKey(
        "exemplar_stories.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )

    class Meta:
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")

    def __str__(self):
        return f"{self.user} – {self.unit}"
