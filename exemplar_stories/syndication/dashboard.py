"""Syndication in the Wagtail admin outside the log: the Office's dashboard alert and the
status line in a story's edit header. Registered from syndication/wagtail_hooks.py."""

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from ..access.roles import is_office
from ..models import DeliveryStatus, StoryPage, SyndicationDelivery
from . import config

LOG_URL_NAME = "exemplar_stories_syndicationdelivery_modeladmin_index"


class SyndicationAlertPanel(Component):
    """On the dashboard, for the Office: the target is disabled (410), or deliveries failed."""

    name = "syndication_alert"
    order = 50

    def __init__(self, *, failed):
        self.failed = failed

    def render_html(self, parent_context=None):
        request = parent_context.get("request") if parent_context else None
        alert = render_to_string(
            "exemplar_stories/modeladmin/syndication_alert.html", {}, request=request
        )
        failed = ""
        if self.failed:
            failed = format_html(
                '<div class="help-block help-warning nice-padding"><p>{} <a href="{}">{}</a></p>'
                "</div>",
                _(
                    "%(count)s stories could not be sent to Sở Nội vụ and need the Office's attention."
                )
                % {"count": self.failed},
                reverse(LOG_URL_NAME) + "?status=failed",
                _("Open the syndication log"),
            )
        return format_html("<section>{}{}</section>", alert, failed)


def stories_failing():
    """How many stories' latest delivery failed (a later delivery that went through, or is
    still on its way, clears the story from the count)."""
    later = SyndicationDelivery.objects.filter(
        story_uuid=OuterRef("story_uuid"), pk__gt=OuterRef("pk")
    )
    return (
        SyndicationDelivery.objects.filter(status=DeliveryStatus.FAILED)
        .filter(~Exists(later))
        .values("story_uuid")
        .distinct()
        .count()
    )


def homepage_panels(request, panels):
    if not is_office(request.user) or not config.target_url():
        return
    failed = stories_failing()
    if failed or config.disabled_target():
        panels.append(SyndicationAlertPanel(failed=failed))


def page_header_buttons(page, user, view_name, next_url=None):
    """The story's latest syndication status, in its edit header, for the Office."""
    if view_name != "edit" or not isinstance(page.specific_deferred, StoryPage):
        return
    if not is_office(user):
        return
    delivery = SyndicationDelivery.objects.filter(page_id=page.pk).order_by("-pk").first()
    if delivery is None:
        label = _("Syndication: not sent")
        url = reverse(LOG_URL_NAME)
    else:
        moment = delivery.delivered_at or delivery.last_attempt_at or delivery.created_at
        label = _("Syndication: %(status)s — %(event)s (%(when)s)") % {
            "status": delivery.get_status_display(),
            "event": delivery.get_event_display(),
            "when": date_format(localtime(moment), "SHORT_DATETIME_FORMAT"),
        }
        url = f"{reverse(LOG_URL_NAME)}?story={delivery.story_uuid}"
    yield Button(label, url, icon_name="resubmit", priority=90)
