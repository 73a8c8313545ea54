"""The consent panel on a story's edit view: what the consent in force covers, what publishing
the story needs and is missing, and the link to the consent screen. Loaded as `consent_tags`."""

from django import template
from django.urls import reverse

from ..access.consent import current_consent, may_record_consent, missing_scopes
from ..models import StoryPage
from ..models.consent import SCOPE_ORDER

register = template.Library()


@register.inclusion_tag("exemplar_stories/consent/panel_status.html")
def consent_status(page, request):
    story = getattr(page, "specific", page)
    if not isinstance(story, StoryPage) or not story.pk:
        return {"saved": False}
    user = getattr(request, "user", None)
    consent = current_consent(story)
    return {
        "saved": True,
        "consent": consent,
        "scopes": [s for s in SCOPE_ORDER if consent and s in consent.effective_scopes()],
        "missing": missing_scopes(story),
        "url": reverse("exemplar_stories_consent:story", args=[story.pk])
        if user is not None and may_record_consent(user, story)
        else "",
    }
