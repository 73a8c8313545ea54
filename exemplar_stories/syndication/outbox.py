"""Writing the outbox: one delivery row per event about a story, in the caller's transaction,
sent after the commit. The publish signals, the admin's Resend and `manage.py
deliver_syndication --story` call these keyword-only functions.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from ..access.consent import may_send_to_home_affairs
from ..models import StoryPage, SyndicationDelivery, SyndicationEvent
from . import services
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


def readable_by_anyone(page):
    """Syndicate only what an anonymous citizen may read: live, served by a site (a story in a
    tree no site serves has no address: its payload's url would be null), and no login or
    password restriction on the story or any ancestor (Wagtail's view restrictions)."""
    return (
        page.live and page.get_url_parts() is not None and not page.get_view_restrictions().exists()
    )


def may_be_sent(page):
    """Readable by anyone, and the consent in force covers sending it to Sở Nội vụ."""
    return readable_by_anyone(page) and may_send_to_home_affairs(page)


def story_published(*, page):
    """After a publish: `story.published` the first time (or after a withdrawal), else updated.
    A private story, or one whose consent does not (or no longer) cover sending it, is not sent
    (and one sent before is withdrawn)."""
    if not may_be_sent(page):
        return story_withdrawn(page=page, was_live=False)
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
    """The Office's Resend acts on the story as it is now and never replays a stale event,
    whatever row is clicked and in whatever order:

    - the story's newest delivery is still waiting: every waiting delivery of the story is
      tried now (same webhook-ids, in order; an open circuit probes at once);
    - otherwise a fresh delivery of the story's current state: published or updated if it is
      live, withdrawn if it is not, or deleted (its withdrawal sent again).

    Returns the delivery that will carry the story's state, or None if there is nothing to send
    (syndication off, or a deleted story that never went out).
    """
    from ..models import StoryPage

    if not is_enabled():
        return None
    rows = SyndicationDelivery.objects.filter(story_uuid=delivery.story_uuid)
    latest = rows.order_by("-pk").first()
    if latest is not None and not latest.is_final:
        now = timezone.now()
        services.probe_now(now=now)
        services.bring_forward(now=now, story_uuid=delivery.story_uuid)
        return latest
    services.probe_now()
    page = StoryPage.objects.filter(syndication_uuid=delivery.story_uuid).first()
    if page is not None:
        page = page.specific
        if page.live:
            return story_published(page=page)
        return syndicate_story(page=page, event=SyndicationEvent.WITHDRAWN)
    withdrawal = rows.filter(event=SyndicationEvent.WITHDRAWN).order_by("-pk").first()
    if withdrawal is None:
        return None
    fresh = SyndicationDelivery.objects.create(
        event=SyndicationEvent.WITHDRAWN,
        page=None,
        story_uuid=withdrawal.story_uuid,
        story_title=withdrawal.story_title,
        body=withdrawal.body,
    )
    transaction.on_commit(lambda: enqueue_delivery(delivery_id=fresh.pk), robust=True)
    return fresh


def visibility_changed(*, page_id, moved=False):
    """A view restriction on a page was added or lifted, or the page was moved (`moved`): each
    live story at or under it is withdrawn if no citizen may read it now, or sent again if it
    is public now; a move changes the address of a story that stays public: it is updated."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # the restriction went with its page
        return
    stories = StoryPage.objects.live().descendant_of(page, inclusive=True)
    for story in stories.specific():
        if may_be_sent(story):
            if last_event(story) in (None, SyndicationEvent.WITHDRAWN):
                syndicate_story(page=story, event=SyndicationEvent.PUBLISHED)
            elif moved:
                syndicate_story(page=story, event=SyndicationEvent.UPDATED)
        else:
            story_withdrawn(page=story, was_live=False)
