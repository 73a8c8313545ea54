"""Writing the outbox: one delivery row per event about a story, in the caller's transaction,
sent after the commit. The publish signals, the admin's Resend and `manage.py
deliver_syndication --story` call these keyword-only functions.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import DeliveryStatus, SyndicationDelivery, SyndicationEvent
from .config import is_enabled
from .payload import payload_json, story_payload
from .services import enqueue_delivery


def portal_base_url(page):
    site = page.get_site()
    if site is not None:
        return site.root_url
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "http://localhost").rstrip("/")


def syndicate_story(*, page, event):
    """Write a delivery of `event` about `page` into the outbox and deliver it after commit.

    Runs in the caller's transaction: if that rolls back, no row is left and nothing is sent.
    Returns the delivery, or None when syndication is not configured.
    """
    if not is_enabled():
        return None
    event = SyndicationEvent(event)
    payload = story_payload(
        page, event=event, base_url=portal_base_url(page), occurred_at=timezone.now()
    )
    delivery = SyndicationDelivery.objects.create(
        event=event,
        page_id=page.pk,
        story_uuid=page.syndication_uuid,
        story_title=payload["title"][:255],
        body=payload_json(payload),
    )
    transaction.on_commit(lambda: enqueue_delivery(delivery_id=delivery.pk), robust=True)
    return delivery


def last_event(page):
    return (
        SyndicationDelivery.objects.filter(story_uuid=page.syndication_uuid)
        .order_by("-pk")
        .values_list("event", flat=True)
        .first()
    )


def story_published(*, page):
    """After a publish: `story.published` the first time (or after a withdrawal), else updated."""
    previous = last_event(page)
    new = previous is None or previous == SyndicationEvent.WITHDRAWN
    event = SyndicationEvent.PUBLISHED if new else SyndicationEvent.UPDATED
    return syndicate_story(page=page, event=event)


def story_withdrawn(*, page, was_live):
    """After an unpublish, or before a delete: withdraw it, unless it never went out or is
    already withdrawn."""
    previous = last_event(page)
    if previous == SyndicationEvent.WITHDRAWN or (previous is None and not was_live):
        return None
    return syndicate_story(page=page, event=SyndicationEvent.WITHDRAWN)


def resend(*, delivery):
    """The Office's Resend. A delivery still waiting is tried again now (same webhook-id); a
    finished one is followed by a fresh delivery of the story as it is now; the delivery of a
    deleted story is put back in the queue as it was."""
    page = delivery.page.specific if delivery.page_id else None
    if delivery.is_final and page is not None:
        if page.live:
            return story_published(page=page)
        return syndicate_story(page=page, event=SyndicationEvent.WITHDRAWN)
    SyndicationDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, next_attempt_at=timezone.now(), claimed_until=None
    )
    transaction.on_commit(lambda: enqueue_delivery(delivery_id=delivery.pk), robust=True)
    delivery.refresh_from_db()
    return delivery
