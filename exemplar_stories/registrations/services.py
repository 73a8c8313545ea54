"""Everything that changes registrations: linking stories, saving an imported list, and the
history of status changes.

The admin forms, the spreadsheet import, the publish signal and the demo loader all call these
keyword-only functions, so the rules live in one place. Every status change they make is
logged (`record_status_change`: Wagtail's log entries, action `STATUS_CHANGED`, with the user
and the time), so the registration's history view shows who moved it and when.
"""

from django.db import transaction
from wagtail.log_actions import log

from ..core.quarters import quarter_of
from ..models import Registration, RegistrationStatus, StoryPage, nominee_key

# A story introduces the nominee on the portal: the status moves on, unless it is already past.
_BEFORE_INTRODUCED = (RegistrationStatus.REGISTERED, RegistrationStatus.FOLLOWING)

STATUS_CHANGED = "exemplar_stories.registration_status"


def stored_status(registration):
    """The status the database holds for `registration` (None for a new one)."""
    if registration.pk is None:
        return None
    return Registration.objects.filter(pk=registration.pk).values_list("status", flat=True).first()


def record_status_change(*, registration, previous, user=None):
    """Log that `registration`'s status went from `previous` (None: it was just created) to its
    present one; nothing when it did not change. `user` None: the admin request's user, or
    nobody (the system) outside a request."""
    if previous == registration.status:
        return None
    return log(
        instance=registration,
        action=STATUS_CHANGED,
        user=user,
        data={"from": previous, "to": registration.status},
    )


def _introduce(registration, *, story_id):
    previous = registration.status
    registration.story_id = story_id
    if registration.status in _BEFORE_INTRODUCED:
        registration.status = RegistrationStatus.INTRODUCED
    registration.save(update_fields=["story", "status", "updated_at"])
    record_status_change(registration=registration, previous=previous)


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
        _introduce(registration, story_id=story.pk)
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
    _introduce(registration, story_id=story.pk)
    return True


def save_imported_registrations(*, registrations, user=None):
    """Save validated registrations all together, or none of them; each status change is
    logged as `user`'s."""
    created = updated = 0
    with transaction.atomic():
        stored = dict(
            Registration.objects.filter(
                pk__in=[r.pk for r in registrations if r.pk is not None]
            ).values_list("pk", "status")
        )
        for registration in registrations:
            is_new = registration.pk is None
            registration.save()
            record_status_change(
                registration=registration, previous=stored.get(registration.pk), user=user
            )
            link_existing_story(registration=registration)
            if is_new:
                created += 1
            else:
                updated += 1
    return created, updated
