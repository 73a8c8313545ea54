"""Everything that changes registrations: linking stories, and saving an imported list.

The admin forms, the spreadsheet import, the publish signal and the demo loader all call these
keyword-only functions, so the rules live in one place.
"""

from django.db import transaction

from ..core.quarters import quarter_of
from ..models import Registration, RegistrationStatus, StoryPage, nominee_key

# A story introduces the nominee on the portal: the status moves on, unless it is already past.
_BEFORE_INTRODUCED = (RegistrationStatus.REGISTERED, RegistrationStatus.FOLLOWING)


def story_year(story):
    """The year a story counts for: its quarter's year, else that of its first publication."""
    if story.quarter_year:
        return story.quarter_year
    moment = story.first_published_at or story.last_published_at
    return quarter_of(moment)[0] if moment else None


def link_published_story(*, story):
    """Attach a just-published story to the registration of its subject (same year, unit and
    normalised name) when that registration has no story yet. Returns the registrations linked."""
    year = story_year(story)
    if not year or not story.unit_id:
        return []
    linked = []
    candidates = Registration.objects.filter(
        year=year, unit_id=story.unit_id, nominee_key=nominee_key(story.subject_name), story=None
    )
    for registration in candidates:
        registration.story = story
        if registration.status in _BEFORE_INTRODUCED:
            registration.status = RegistrationStatus.INTRODUCED
        registration.save(update_fields=["story", "status", "updated_at"])
        linked.append(registration)
    return linked


def find_published_story(*, registration):
    """A live story about the registered nominee, counted for the registration's year, if any."""
    key = registration.nominee_key or nominee_key(registration.nominee_name)
    stories = (
        StoryPage.objects.live()
        .filter(unit_id=registration.unit_id, quarter_year=registration.year)
        .only("pk", "subject_name")
        .order_by("first_published_at", "pk")
    )
    for story in stories:
        if nominee_key(story.subject_name) == key:
            return story
    return None


def link_existing_story(*, registration):
    """For a registration made after its story was published: find and link that story."""
    if registration.story_id:
        return False
    story = find_published_story(registration=registration)
    if story is None:
        return False
    registration.story_id = story.pk
    if registration.status in _BEFORE_INTRODUCED:
        registration.status = RegistrationStatus.INTRODUCED
    registration.save(update_fields=["story", "status", "updated_at"])
    return True


def save_imported_registrations(*, registrations):
    """Save validated registrations all together, or none of them."""
    created = updated = 0
    with transaction.atomic():
        for registration in registrations:
            is_new = registration.pk is None
            registration.save()
            link_existing_story(registration=registration)
            if is_new:
                created += 1
            else:
                updated += 1
    return created, updated
