"""The quarterly duty's dashboard component (a Wagtail homepage panel), for the Office."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from ..core.conf import get_setting
from .selectors import current_duty


def delivery_configured():
    """Whether stories can be sent to Sở Nội vụ at all (an address and a secret are set)."""
    return bool(
        (get_setting("SYNDICATION_URL") or "").strip() and get_setting("SYNDICATION_SECRET")
    )


class QuarterlyDutyPanel(Component):
    """For the Office: this quarter's duty at a glance, and which half of it is missing."""

    name = "quarterly_duty"
    order = 90  # above Wagtail's own panels
    template_name = "exemplar_stories/panels/quarterly_duty.html"

    def get_context_data(self, parent_context=None):
        duty = current_duty()
        return {
            "duty": duty,
            "no_delivery_target": duty.requires_delivery and not delivery_configured(),
            "report_url": reverse("exemplar_stories_reports:quarterly_duty"),
        }
