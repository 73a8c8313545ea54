"""Consent: what publishing a story will do, and whether the consent in force covers it.

One rule, read by `access.stories.may_go_live` (so every publish path obeys it: the Office's
approval, Publish, bulk publish, the admin API, publish_scheduled), by the syndication outbox
(nothing is sent to Sở Nội vụ without that scope) and by the edit view's consent panel (the
editor sees what is missing before submitting).

Publishing a story needs, in the consent in force (the newest, less its withdrawals):
- publication on the portal, always;
- sending to Sở Nội vụ, when syndication is configured (every published story is sent);
- use of photos, when the story shows an image (the main image or an image in the body).
"""

from ..core.conf import get_setting
from ..models import WITHDRAW_ALL, ConsentScope, ConsentWithdrawal, StoryConsent
from ..models.consent import SCOPE_ORDER
from .roles import is_office, unit_scope


def syndication_configured():
    # The same test as syndication.config.is_enabled (a room: access may not import it).
    return bool(
        (get_setting("SYNDICATION_URL") or "").strip() and get_setting("SYNDICATION_SECRET")
    )


def shows_photos(story):
    """Whether the story (as of a revision) shows an image: its main image or a body image."""
    if story.hero_image_id:
        return True
    return any(
        block.block_type == "image" and block.value.get("image") for block in story.body or []
    )


def current_consent(story):
    if not story.pk:
        return None
    return StoryConsent.objects.filter(story_id=story.pk).first()


def covered_scopes(story):
    consent = current_consent(story)
    return consent.effective_scopes() if consent else set()


def required_scopes(story):
    needed = {ConsentScope.PORTAL}
    if syndication_configured():
        needed.add(ConsentScope.HOME_AFFAIRS)
    if shows_photos(story):
        needed.add(ConsentScope.PHOTOS)
    return needed


def missing_scopes(story, revision=None):
    """The scopes publishing `revision` (or the story as it is) needs and the consent in force
    does not cover, in the form's order. Empty: the consent covers it."""
    shown = revision.as_object() if revision is not None else story
    missing = required_scopes(shown) - covered_scopes(story)
    return [scope for scope in SCOPE_ORDER if scope in missing]


def last_withdrawal_at(story):
    return (
        ConsentWithdrawal.objects.filter(consent__story_id=story.pk)
        .order_by("-withdrawn_at")
        .values_list("withdrawn_at", flat=True)
        .first()
    )


def may_send_to_home_affairs(story):
    """Sở Nội vụ receives a story only with that scope in force (withdrawn: it is withdrawn)."""
    return ConsentScope.HOME_AFFAIRS in covered_scopes(story)


def may_record_consent(user, story):
    """The Office, and the editors of the story's unit (who collect the signed form)."""
    if is_office(user):
        return True
    return story.unit_id in unit_scope(user)


def may_see_evidence(user, consent):
    return user.is_authenticated and may_record_consent(user, consent.story)


def may_withdraw(user):
    return is_office(user)


def may_export_personal_data(user):
    return is_office(user)


def sendable_to_home_affairs(stories):
    """`stories` (a StoryPage queryset) whose consent in force covers sending to Sở Nội vụ:
    what the export bundle for manual upload may hold."""
    from django.db.models import Exists, OuterRef, Subquery

    newest = StoryConsent.objects.filter(story_id=OuterRef("pk")).order_by("-pk")
    withdrawn = ConsentWithdrawal.objects.filter(
        consent_id=OuterRef("consent_in_force"),
        scope__in=[WITHDRAW_ALL, ConsentScope.HOME_AFFAIRS],
    )
    return (
        stories.annotate(consent_in_force=Subquery(newest.values("pk")[:1]))
        .filter(
            Exists(StoryConsent.objects.filter(pk=OuterRef("consent_in_force"), home_affairs=True))
        )
        .exclude(Exists(withdrawn))
    )
