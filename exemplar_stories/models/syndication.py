"""The syndication outbox: one row per event to send to Sở Nội vụ, written in the same
transaction as the publish, unpublish or delete that caused it.

A row keeps the exact JSON body it sends (what was sent can be proven later), its `webhook_id`
(the receiver's idempotency key, identical on every retry) and the outcome of its last attempt.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SyndicationEvent(models.TextChoices):
    PUBLISHED = "story.published", _("Published")
    UPDATED = "story.updated", _("Updated")
    WITHDRAWN = "story.withdrawn", _("Withdrawn")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    # A failure made moot by a later delivery of the same story that went through.
    SUPERSEDED = "superseded", _("Failed (sent again successfully)")


def new_webhook_id():
    return f"msg_{uuid.uuid4().hex}"


class SyndicationDelivery(models.Model):
    """One event about one story, delivered at most once successfully (the receiver dedups
    on `webhook_id` if a response is lost and the row is sent again)."""

    webhook_id = models.CharField(
        _("message id"), max_length=64, unique=True, default=new_webhook_id, editable=False
    )
    event = models.CharField(_("event"), max_length=32, choices=SyndicationEvent.choices)
    # The page may be deleted later (that sends story.withdrawn); the row stays as evidence.
    page = models.ForeignKey(
        "exemplar_stories.StoryPage",
        verbose_name=_("story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="syndication_deliveries",
    )
    story_uuid = models.UUIDField(_("story id"), db_index=True)
    story_title = models.CharField(_("story title"), max_length=255)
    body = models.TextField(_("JSON sent"))
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_until = models.DateTimeField(_("held by a worker until"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    url = models.CharField(_("sent to"), max_length=500, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last response code"), null=True)
    last_response = models.TextField(_("last response (excerpt)"), blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("syndication delivery")
        verbose_name_plural = _("syndication deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_event_display()}: {self.story_title}"

    @property
    def is_final(self):
        return self.status in (
            DeliveryStatus.DELIVERED,
            DeliveryStatus.FAILED,
            DeliveryStatus.SUPERSEDED,
        )


class SyndicationTarget(models.Model):
    """State of a receiving URL (which itself comes from settings, never from the admin).

    A 410 Gone disables the URL: nothing more is sent to it until the Office re-enables it or
    the deployer configures another URL. Pending deliveries wait meanwhile; none is lost.
    """

    url = models.CharField(_("address"), max_length=500, unique=True)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    disabled_reason = models.TextField(_("why it was disabled"), blank=True)
    failures = models.PositiveIntegerField(_("consecutive failed attempts"), default=0)
    open_until = models.DateTimeField(_("next probe"), null=True, blank=True)

    class Meta:
        verbose_name = _("syndication target")
        verbose_name_plural = _("syndication targets")

    def __str__(self):
        return self.url

    @property
    def is_disabled(self):
        return self.disabled_at is not None
