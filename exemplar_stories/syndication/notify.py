"""The Office is emailed when deliveries fail for good (a receiver that refused them, or gave
no answer for the whole retry period). Each delivery fails once (the outbox changes its status
under compare-and-set), so each is mailed once. Plain text, in the site language."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ..access.roles import office_emails

LOG_URL_NAME = "exemplar_stories_syndicationdelivery_modeladmin_index"


def _message(deliveries):
    log_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(LOG_URL_NAME)
    lines = [
        f"- {delivery.story_title} ({delivery.get_event_display()}, {delivery.webhook_id}): "
        f"{delivery.last_error or delivery.last_response[:200]}"
        for delivery in deliveries
    ]
    subject = _("%(count)s stories could not be sent to Sở Nội vụ") % {"count": len(deliveries)}
    body = _(
        "These deliveries to the portal of Sở Nội vụ failed for good:\n\n%(lines)s\n\n"
        "Open the syndication log and use Resend once the receiving portal works again: "
        "%(url)s\n"
    ) % {"lines": "\n".join(lines), "url": f"{log_url}?status=failed"}
    return subject, body


def delivery_failed(deliveries):
    """After the commit, one email to the Office about these newly failed deliveries."""
    deliveries = list(deliveries)
    if not deliveries:
        return

    def send():
        recipients = office_emails()
        if not recipients:
            return
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _message(deliveries)
        send_mail(subject, body, None, recipients, fail_silently=True)

    transaction.on_commit(send, robust=True)
