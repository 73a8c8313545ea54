"""The plan's taxonomy as editable data: units, fields of work, movements, awards.

Seeded from the plan (units and movements by `load_demo_content`, fields and awards by a data
migration) and never hard-coded: the administrative map changed in 2025 and will change again.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

from ..core.text import nfc, normalise_text_fields, slugify_vi

# Declared exception to the layers (pyproject.toml): the slug fields' panels use the editorial
# room's slug input, which transliterates Vietnamese in the browser as the server does.
from ..editorial.widgets import VietnameseSlugInput

LEGAL_BASIS_HELP = _(
    "The article and the law or decree, e.g. Điều 23 Luật Thi đua, khen thưởng 2022."
)


def normalise(text):
    return nfc(" ".join((text or "").split()))


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
    COMMUNE = "commune", _("Commune-level justice officers")
    OTHER = "other", _("Other unit")


class Unit(NFCSlugMixin, index.Indexed, models.Model):
    """A unit of the justice sector (đơn vị) that proposes stories and registers exemplars.

    A unit lives in time: `valid_from`/`valid_to` are the days it existed, and when it ends a
    `UnitChange` says what it became (merged into, renamed to, split into). A unit's `name` is
    its name while it existed, never rewritten: stories and registrations keep the unit they
    were written for, and show `now_part_of` ("nay là …", the current successors' names, kept
    by `models.unit_history.refresh_successor_labels`).
    """

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
    valid_from = models.DateField(
        _("existed from"), null=True, blank=True, help_text=_("Leave blank if not known.")
    )
    valid_to = models.DateField(
        _("existed until"),
        null=True,
        blank=True,
        help_text=_("The last day the unit existed; blank while it exists."),
    )
    now_part_of = models.CharField(
        _("now part of"), max_length=1000, blank=True, editable=False, default=""
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug", widget=VietnameseSlugInput),
        FieldPanel("unit_type"),
        FieldPanel("active"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("A unit cannot end before it begins.")}, code="invalid"
            )
        if self.pk:
            old_name = type(self).objects.filter(pk=self.pk).values_list("name", flat=True).first()
            if old_name is not None and normalise(old_name) != normalise(self.name):
                if self.stories.exists() or self.registrations.exists():
                    raise ValidationError(
                        {
                            "name": _(
                                "This unit has stories or registrations written under its "
                                "name. Use “Rename or merge units” so that they keep the old "
                                "name and the change is recorded."
                            )
                        },
                        code="rename_with_history",
                    )

    @property
    def label(self):
        """The name as it was, with "nay là …" when the unit has a successor today."""
        if self.now_part_of:
            return _("%(name)s (now %(successors)s)") % {
                "name": self.name,
                "successors": self.now_part_of,
            }
        return self.name

    def existed_in(self, year):
        """Whether the unit existed at some time during `year` (unknown dates: yes)."""
        starts = self.valid_from is None or self.valid_from.year <= year
        ends = self.valid_to is None or self.valid_to.year >= year
        return starts and ends


class UnitChangeKind(models.TextChoices):
    MERGED_INTO = "merged_into", _("merged into")
    RENAMED_TO = "renamed_to", _("renamed to")
    SPLIT_INTO = "split_into", _("split into")


class UnitChange(models.Model):
    """A unit's end and what it became, with the change's legal basis. One row per
    (predecessor, successor): a merger of three units is three rows, a split into two is two."""

    predecessor = models.ForeignKey(
        Unit,
        verbose_name=_("former unit"),
        on_delete=models.PROTECT,
        related_name="changes_to_successors",
    )
    successor = models.ForeignKey(
        Unit,
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        related_name="changes_from_predecessors",
    )
    kind = models.CharField(_("change"), max_length=16, choices=UnitChangeKind.choices)
    effective_date = models.DateField(_("in force from"))
    decision_number = models.CharField(
        _("decision number"), max_length=255, help_text=_("e.g. 202/2025/QH15")
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["effective_date", "pk"]
        verbose_name = _("unit change")
        verbose_name_plural = _("unit changes")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unique_unit_change_per_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")),
                name="unit_change_not_to_itself",
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.effective_date})"


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


class Award(NFCSlugMixin, index.Indexed, ClusterableModel):
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
            "The award usually held before this one is proposed (guidance, not legal advice). "
            "Used only for years that no rule in time below covers."
        ),
    )
    prerequisite_years = models.PositiveSmallIntegerField(
        _("consecutive years needed"), null=True, blank=True
    )
    guidance = models.TextField(_("guidance"), blank=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=500, blank=True, help_text=LEGAL_BASIS_HELP
    )
    from_year = models.PositiveSmallIntegerField(
        _("in the catalogue from year"), null=True, blank=True
    )
    to_year = models.PositiveSmallIntegerField(
        _("in the catalogue until year"), null=True, blank=True
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug", widget=VietnameseSlugInput),
        FieldPanel("level"),
        FieldPanel("recipient"),
        FieldPanel("is_high_award"),
        FieldPanel("rank"),
        FieldPanel("legal_basis"),
        FieldRowPanel([FieldPanel("from_year"), FieldPanel("to_year")]),
        FieldPanel("prerequisite"),
        FieldPanel("prerequisite_years"),
        FieldPanel("guidance"),
        InlinePanel("rules", heading=_("Rules in time"), label=_("rule")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self):
        return self.name


class AwardRule(Orderable):
    """A condition on the road to `award` for the years assessed `from_year`–`to_year`: hold
    `prerequisite` for `consecutive_years` years in a row, and (if `requires_initiative`) have
    an initiative recognised. Its `legal_basis` names the article; guidance, not legal advice."""

    award = ParentalKey(Award, on_delete=models.CASCADE, related_name="rules")
    prerequisite = models.ForeignKey(
        Award,
        verbose_name=_("prerequisite"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consecutive_years = models.PositiveSmallIntegerField(
        _("consecutive years needed"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    requires_initiative = models.BooleanField(
        _("needs a recognised initiative"),
        default=False,
        help_text=_("An initiative, scientific work or project recognised at the level stated."),
    )
    condition = models.TextField(_("condition, in words"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=500, help_text=LEGAL_BASIS_HELP)
    from_year = models.PositiveSmallIntegerField(
        _("for years assessed from"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1945), MaxValueValidator(2100)],
    )
    to_year = models.PositiveSmallIntegerField(
        _("until"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1945), MaxValueValidator(2100)],
    )

    panels = [
        FieldRowPanel([FieldPanel("from_year"), FieldPanel("to_year")]),
        FieldRowPanel(
            [
                FieldPanel("prerequisite", widget=forms.Select),
                FieldPanel("consecutive_years"),
                FieldPanel("requires_initiative"),
            ]
        ),
        FieldPanel("legal_basis"),
        FieldPanel("condition"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("award rule")
        verbose_name_plural = _("award rules")

    def __str__(self):
        return f"{self.award} ({self.period})"

    def clean(self):
        super().clean()
        if self.from_year and self.to_year and self.to_year < self.from_year:
            raise ValidationError({"to_year": _("The period cannot end before it begins.")})

    @property
    def period(self):
        start = str(self.from_year) if self.from_year else "…"
        end = str(self.to_year) if self.to_year else "…"
        return f"{start}–{end}"

    def applies_to(self, year):
        return (self.from_year is None or self.from_year <= year) and (
            self.to_year is None or year <= self.to_year
        )


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
