"""The plan's taxonomy as editable data: units, fields of work, movements, awards.

Seeded from the plan (units and movements by `load_demo_content`, fields and awards by a data
migration) and never hard-coded: the administrative map changed in 2025 and will change again.
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable
from wagtail.search import index

from ..core.text import normalise_text_fields, slugify_vi

# Declared exception to the layers (pyproject.toml): the slug fields' panels use the editorial
# room's slug input, which transliterates Vietnamese in the browser as the server does.
from ..editorial.widgets import VietnameseSlugInput


class NFCSlugMixin:
    """Stores text fields in NFC and fills an empty slug from the name."""

    def save(self, *args, **kwargs):
        normalise_text_fields(self)
        if hasattr(self, "slug") and not self.slug:
            self.slug = slugify_vi(self.name, max_length=100)
        super().save(*args, **kwargs)


class UnitType(models.TextChoices):
    DIVISION = "division", _("Professional division")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    CENTRE = "centre", _("Centre")
    DISTRICT_OFFICE = "district_office", _("District-level justice office")
    OTHER = "other", _("Other unit")


class Unit(NFCSlugMixin, index.Indexed, models.Model):
    """A unit of the justice sector (đơn vị) that proposes stories and registers exemplars."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Leave blank to make it from the name, without diacritics."),
    )
    unit_type = models.CharField(
        _("unit type"), max_length=32, choices=UnitType.choices, default=UnitType.DIVISION
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Untick when the unit is dissolved or merged; its stories stay as they are."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug", widget=VietnameseSlugInput),
        FieldPanel("unit_type"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name


class Field(NFCSlugMixin, index.Indexed, models.Model):
    """A field of work (lĩnh vực): civil status, legal aid, legal dissemination, …"""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Leave blank to make it from the name, without diacritics."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug", widget=VietnameseSlugInput),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("field of work")
        verbose_name_plural = _("fields of work")

    def __str__(self):
        return self.name


class MovementLauncher(models.TextChoices):
    CENTRAL = "central", _("Central level")
    MINISTRY = "ministry", _("Ministry of Justice")
    PROVINCE = "province", _("Provincial People's Committee")
    DEPARTMENT = "department", _("Department of Justice")


class EmulationMovement(NFCSlugMixin, index.Indexed, models.Model):
    """A (patriotic) emulation movement (phong trào thi đua) within which stories happen."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Leave blank to make it from the name, without diacritics."),
    )
    launched_by = models.CharField(
        _("launched by"),
        max_length=32,
        choices=MovementLauncher.choices,
        default=MovementLauncher.MINISTRY,
    )
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug", widget=VietnameseSlugInput),
        FieldPanel("launched_by"),
        FieldPanel("start_year"),
        FieldPanel("end_year"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["-start_year", "name"]
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")

    def __str__(self):
        return self.name

    @property
    def period(self):
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or self.end_year or "")


class AwardLevel(models.TextChoices):
    STATE = "state", _("State")
    GOVERNMENT = "government", _("Government")
    MINISTRY = "ministry", _("Ministry of Justice")
    PROVINCE = "province", _("Province")
    GRASSROOTS = "grassroots", _("Grassroots")


class AwardRecipient(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    BOTH = "both", _("Individual or collective")


class Award(NFCSlugMixin, index.Indexed, models.Model):
    """An emulation title or form of commendation (danh hiệu thi đua / hình thức khen thưởng)."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=AwardLevel.choices)
    recipient = models.CharField(
        _("awarded to"), max_length=16, choices=AwardRecipient.choices, default=AwardRecipient.BOTH
    )
    is_high_award = models.BooleanField(
        _("high award"),
        default=False,
        help_text=_("Part of the plan's road to high awards."),
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=100, help_text=_("A smaller number is a higher award.")
    )
    prerequisite = models.ForeignKey(
        "self",
        verbose_name=_("prerequisite"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The award usually held before this one is proposed (guidance, not legal advice)."
        ),
    )
    prerequisite_years = models.PositiveSmallIntegerField(
        _("consecutive years needed"), null=True, blank=True
    )
    guidance = models.TextField(_("guidance"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug", widget=VietnameseSlugInput),
        FieldPanel("level"),
        FieldPanel("recipient"),
        FieldPanel("is_high_award"),
        FieldPanel("rank"),
        FieldPanel("prerequisite"),
        FieldPanel("prerequisite_years"),
        FieldPanel("guidance"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self):
        return self.name


class AwardRecord(Orderable):
    """An award someone holds: the award, the year, the decision and who issued it.

    Shared by a story's "awards held" and a registered nominee's award history.
    """

    award = models.ForeignKey(
        "exemplar_stories.Award",
        verbose_name=_("award"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    decision_number = models.CharField(
        _("decision number"), max_length=100, blank=True, help_text=_("e.g. 1234/QĐ-UBND")
    )
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("award", widget=forms.Select), FieldPanel("year")]),
        FieldRowPanel([FieldPanel("decision_number"), FieldPanel("issuer")]),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return f"{self.award} ({self.year})"
