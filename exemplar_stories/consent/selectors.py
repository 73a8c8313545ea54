"""What the portal holds about one person, found by name without case or diacritics ("nguyen
van a" finds "Nguyễn Văn A"): the stories about them, the consents they gave, their withdrawals,
their registrations and award histories, and what was sent about them to Sở Nội vụ."""

from ..core.text import search_key
from ..models import (
    ConsentWithdrawal,
    NomineeAward,
    Registration,
    StoryAward,
    StoryConsent,
    StoryPage,
    SyndicationDelivery,
)


def name_key(name):
    return " ".join(search_key(name or "").split())


def personal_data(name):
    """Everything held about the person called `name`, by kind of record (querysets/lists)."""
    key = name_key(name)
    if not key:
        return None
    # search_text holds the subject's name folded: a cheap first cut, then the name itself.
    candidates = StoryPage.objects.filter(search_text__contains=key).select_related("unit")
    stories = [story for story in candidates if key in name_key(story.subject_name)]
    consents = list(
        StoryConsent.objects.filter(given_by_key__contains=key).select_related("story")
    ) + list(
        StoryConsent.objects.filter(story__in=[s.pk for s in stories])
        .exclude(given_by_key__contains=key)
        .select_related("story")
    )
    registrations = list(
        Registration.objects.filter(nominee_key__contains=key).select_related(
            "unit", "registered_award", "target_award"
        )
    )
    return {
        "key": key,
        "stories": stories,
        "story_awards": list(
            StoryAward.objects.filter(page__in=[s.pk for s in stories]).select_related("award")
        ),
        "consents": consents,
        "withdrawals": list(
            ConsentWithdrawal.objects.filter(consent__in=[c.pk for c in consents]).select_related(
                "consent"
            )
        ),
        "registrations": registrations,
        "nominee_awards": list(
            NomineeAward.objects.filter(registration__in=[r.pk for r in registrations])
            .select_related("award", "registration")
            .order_by("registration", "sort_order")
        ),
        "deliveries": list(
            SyndicationDelivery.objects.filter(
                story_uuid__in=[s.syndication_uuid for s in stories]
            ).order_by("pk")
        ),
    }
