"""The Office's and the editors' actions on consent, as keyword-only functions: the admin views
call them, the demo loader too.

A withdrawal is one action: recorded (the audit entry, also in the story's history), then
acted on at once — the whole consent or the portal: the story is unpublished (Wagtail's
unpublish: its signals withdraw it from Sở Nội vụ once and invalidate every cached page, as any
unpublish does; the feeds, sitemap and search read live stories only); Sở Nội vụ: a
`story.withdrawn` is sent; photos: the live story loses its images (a new revision, published
by the Office's action). Every withdrawal deletes the renditions of the story's images; the
whole, portal and photo withdrawals also delete the images nothing else uses.
"""

from django.db import transaction
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import WorkflowState

from ..access.consent import current_consent
from ..models import WITHDRAW_ALL, ConsentScope, ConsentWithdrawal, StoryConsent
from ..syndication import outbox

RECORDED = "exemplar_stories.consent_recorded"
WITHDRAWN = "exemplar_stories.consent_withdrawn"


class NoConsent(Exception):
    """There is no consent in force to withdraw."""


def record_consent(*, story, user, **fields):
    """A new consent for `story` (the newest is the one in force)."""
    consent = StoryConsent.objects.create(story=story, recorded_by=user, **fields)
    log(
        instance=story,
        action=RECORDED,
        user=user,
        data={"consent": consent.pk, "scopes": sorted(str(s) for s in consent.given_scopes())},
    )
    return consent


def image_ids_of(story):
    ids = set()
    if story.hero_image_id:
        ids.add(story.hero_image_id)
    for block in story.body or []:
        if block.block_type == "image" and block.value.get("image"):
            ids.add(block.value["image"].pk)
    return ids


def without_photos(story):
    """`story` (an object of one of its revisions) with no main image and no image blocks."""
    story.hero_image = None
    story.hero_image_alt = ""
    if story.body:
        story.body = [
            (block.block_type, block.value, block.id)
            for block in story.body
            if block.block_type != "image"
        ]
    return story


def delete_renditions(image_ids):
    """The renditions (and their files, and their cache entries) of these images."""
    renditions = get_image_model().get_rendition_model().objects.filter(image_id__in=image_ids)
    return renditions.delete()[0]


def delete_unshared_images(image_ids, story):
    """The story's images that nothing else uses (Wagtail's reference index) are deleted, with
    their original files: a withdrawn photo must not stay reachable under /media/. An image
    another page or snippet uses stays (its renditions were deleted; they are made again)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page).pk
    deleted = 0
    for image in get_image_model().objects.filter(pk__in=image_ids):
        others = [
            ref
            for ref in ReferenceIndex.get_references_to(image)
            if not (ref.base_content_type_id == page_type and ref.object_id == str(story.pk))
        ]
        if not others:
            image.delete()
            deleted += 1
    return deleted


def _stop_review(story, user):
    state = story.current_workflow_state
    if state is not None and state.status in (
        WorkflowState.STATUS_IN_PROGRESS,
        WorkflowState.STATUS_NEEDS_CHANGES,
    ):
        state.cancel(user=user)


def _drop_photos(story, user):
    if story.live and story.live_revision_id:
        shown = without_photos(story.live_revision.as_object())
        revision = shown.save_revision(user=user, log_action=True, clean=False)
        revision.publish(user=user, skip_permission_checks=True)
    else:
        latest = story.get_latest_revision()
        if latest is not None:
            without_photos(latest.as_object()).save_revision(user=user, clean=False)


@transaction.atomic
def withdraw_consent(*, story, scope, reason, user):
    """Record and carry out a withdrawal of the consent in force (whole, or one scope)."""
    story = story.specific
    consent = current_consent(story)
    if consent is None:
        raise NoConsent
    images = image_ids_of(story)
    latest = story.get_latest_revision()
    if latest is not None:
        images |= image_ids_of(latest.as_object())
    withdrawal = ConsentWithdrawal.objects.create(
        consent=consent, scope=scope, reason=reason, withdrawn_by=user
    )
    log(
        instance=story,
        action=WITHDRAWN,
        user=user,
        data={"scope": scope, "reason": reason, "consent": consent.pk},
    )
    if scope in (WITHDRAW_ALL, ConsentScope.PORTAL):
        _stop_review(story, user)
        if story.live:
            story.unpublish(user=user)  # signals: story.withdrawn once, caches invalidated
        else:
            outbox.story_withdrawn(page=story, was_live=False)
    elif scope == ConsentScope.HOME_AFFAIRS:
        outbox.story_withdrawn(page=story, was_live=story.live)
    elif scope == ConsentScope.PHOTOS:
        _drop_photos(story, user)
    withdrawal.renditions_deleted = delete_renditions(images)
    if scope in (WITHDRAW_ALL, ConsentScope.PORTAL, ConsentScope.PHOTOS):
        withdrawal.images_deleted = delete_unshared_images(images, story)
    return withdrawal
