"""The quarterly duty's one table: which quarters' at-risk warnings were sent."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class DutyAlert(models.Model):
    """Records that the Office was warned about a quarter at risk, so the warning goes once."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("quarterly duty alert")
        verbose_name_plural = _("quarterly duty alerts")
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="unique_duty_alert_quarter")
        ]

    def __str__(self):
        return f"{self.year} Q{self.quarter}"
