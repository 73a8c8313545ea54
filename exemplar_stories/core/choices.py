"""The plan's vocabularies shared by stories and registrations, and their public URL values.

Migrations store the choices' values and labels, not this module's path: moving them is free.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoryKind(models.TextChoices):
    EXEMPLAR = "exemplar", _("Advanced exemplar")
    NEW_MODEL = "new_model", _("New model")
    NEW_FACTOR = "new_factor", _("New factor")


# Public URL values of the `loai` filter, ASCII and Vietnamese like the rest of the portal.
KIND_SLUGS = {
    "dien-hinh-tien-tien": StoryKind.EXEMPLAR,
    "mo-hinh-moi": StoryKind.NEW_MODEL,
    "nhan-to-moi": StoryKind.NEW_FACTOR,
}


class SubjectKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")


SUBJECT_SLUGS = {"ca-nhan": SubjectKind.INDIVIDUAL, "tap-the": SubjectKind.COLLECTIVE}


class PublicityForm(models.TextChoices):
    """The forms of publicity listed in section II.3 of the plan."""

    ORAL = "oral", _("Oral publicity")
    MEETINGS = "meetings", _("Party, authority and union meetings")
    MASS_MEDIA = "mass_media", _("Mass media")
    PORTAL = "portal", _("Web portal of the unit")
    ARTICLES = "articles", _("Articles and news")
    STUDY_VISITS = "study_visits", _("Study visits")
    TALKS = "talks", _("Experience-sharing talks by the exemplar")
    CULTURE = "culture", _("Cultural and artistic events")
    POSTERS = "posters", _("Posters and visual publicity")
    LAW_DAY = "law_day", _("Vietnam Law Day events")
