"""Registrations (đăng ký điển hình): each year, each unit registers its exemplars with the
emulation title they aim for, to the Council through the Office (plan, sections II.3 and IV).

A nominee is not a table of its own: it is the (unit, normalised name) of a registration, so
the same person registered in 2025 and 2026 is recognised across years by `nominee_key`, and
their award history is the union of the history recorded with each of their registrations.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from ..core.choices import StoryKind, SubjectKind
from ..core.text import nfc, normalise_text_fields, search_key
from .snippets import AwardRecord

NOMINEE_KEY_LENGTH = 255


def nominee_key(name):
    """The nominee's name without case, diacritics or extra spaces: "Lâm Thị  Hồng" → "lam thi hong".

    Deliberately coarse (as the plan's lists are typed by hand in many offices): two names that
    differ only by tone marks count as the same nominee of a unit in a year. A name with nothing
    to fold to ASCII (written in Khmer, say) is its own key, lowercased. Cut to its field:
    folding can lengthen a name ("ﬃ" → "ffi", "㎏" → "kg").
    """
    key = search_key(name).strip() or " ".join(nfc(name).lower().split())
    return key[:NOMINEE_KEY_LENGTH].rstrip()


# One registration per nominee, unit and year. This is the rule's one statement: the database
# constraint, the admin form (`same_nominee`) and the spreadsheet import (`identity`) use it.
NOMINEE_IDENTITY = ("year", "unit", "nominee_key")


class RegistrationQuerySet(models.QuerySet):
    def same_nominee(self, *, year, unit_id, name):
        """Registrations of the nominee called `name` (compared by `nominee_key`: without case,
        diacritics or extra spaces) for `unit_id` in `year`."""
        return self.filter(year=year, unit_id=unit_id, nominee_key=nominee_key(name))


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    FOLLOWING = "following", _("Being followed up")
    INTRODUCED = "introduced", _("Introduced on the portal")
    PROPOSED = "proposed", _("Proposed for an award")
    ACHIEVED = "achieved", _("Achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class RegistrationYear(models.Model):
    """A year of registrations; once the Office closes it, unit editors can no longer change it."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    closed = models.BooleanField(
        _("closed"),
        default=False,
        help_text=_("Once closed, only the Office can add or change this year's registrations."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("registration year")
        verbose_name_plural = _("registration years")

    def __str__(self):
        return str(self.year)

    def save(self, *args, **kwargs):
        if self.closed and not self.closed_at:
            self.closed_at = timezone.now()
        elif not self.closed:
            self.closed_at = None
        super().save(*args, **kwargs)

    @classmethod
    def is_closed(cls, year):
        return cls.objects.filter(year=year, closed=True).exists()


class Registration(ClusterableModel):
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)], db_index=True
    )
    unit = models.ForeignKey(
        "exemplar_stories.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    nominee_kind = models.CharField(
        _("individual or collective"),
        max_length=16,
        choices=SubjectKind.choices,
        default=SubjectKind.INDIVIDUAL,
    )
    nominee_name = models.CharField(
        _("name of the nominee"), max_length=255, help_text=_("e.g. Nguyễn Văn A")
    )
    nominee_position = models.CharField(_("position or description"), max_length=255, blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=StoryKind.choices, default=StoryKind.EXEMPLAR
    )
    registered_award = models.ForeignKey(
        "exemplar_stories.Award",
        verbose_name=_("emulation title registered"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_award = models.ForeignKey(
        "exemplar_stories.Award",
        verbose_name=_("high award targeted"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The high award aimed for on the road ahead."),
    )
    assessment_achievement = models.TextField(
        _("self-assessment: outstanding achievement"), blank=True
    )
    assessment_observance = models.TextField(
        _("self-assessment: observance of policy and law"), blank=True
    )
    assessment_compassion = models.TextField(
        _("self-assessment: compassion and solidarity"), blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
        db_index=True,
    )
    notes = models.TextField(_("notes"), blank=True)
    story = models.ForeignKey(
        "exemplar_stories.StoryPage",
        verbose_name=_("published story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
        help_text=_("Filled in automatically when a story about the nominee is published."),
    )
    nominee_key = models.CharField(max_length=NOMINEE_KEY_LENGTH, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit__sort_order", "unit__name", "nominee_name"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=NOMINEE_IDENTITY, name="unique_registration_per_nominee")
        ]

    def __str__(self):
        return f"{self.nominee_name} ({self.year})"

    def clean(self):
        super().clean()
        if self.nominee_name and not any(ch.isalnum() for ch in self.nominee_name):
            # Punctuation alone ("…", "-") is no name: a slip of the keyboard or of the paste.
            raise ValidationError(
                {
                    "nominee_name": _(
                        "Write the nominee's name in letters: “%(name)s” has no letter or digit."
                    )
                    % {"name": self.nominee_name}
                },
                code="name_without_letters",
            )
        # A year's registration is for a unit that existed that year: after a merger, the
        # nominees of 2026 are the successor's (its editors see the former units' records).
        unit = self.unit if self.unit_id else None
        if unit is not None and self.year and not unit.existed_in(self.year):
            if unit.now_part_of:
                message = _(
                    "“%(unit)s” no longer existed in %(year)s: register for %(successor)s."
                ) % {"unit": unit.name, "year": self.year, "successor": unit.now_part_of}
            else:
                message = _("“%(unit)s” did not exist in %(year)s.") % {
                    "unit": unit.name,
                    "year": self.year,
                }
            raise ValidationError({"unit": message}, code="unit_not_in_year")

    def save(self, *args, **kwargs):
        normalise_text_fields(self, strip_controls=True)
        self.nominee_name = " ".join(self.nominee_name.split())
        self.nominee_key = nominee_key(self.nominee_name)
        super().save(*args, **kwargs)

    @property
    def identity(self):
        """(year, unit id, nominee key): two registrations with the same identity are one too
        many (NOMINEE_IDENTITY)."""
        return (self.year, self.unit_id, self.nominee_key)


class NomineeAward(AwardRecord):
    """An award the nominee already holds (quá trình khen thưởng), recorded with a registration."""

    registration = ParentalKey(Registration, on_delete=models.CASCADE, related_name="award_history")

    class Meta(AwardRecord.Meta):
        verbose_name = _("award held")
        verbose_name_plural = _("award history")
