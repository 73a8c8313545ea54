"""The quarterly duty's dashboard component (a Wagtail homepage panel), for the Office."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .selectors import current_duty


class QuarterlyDutyPanel(Component):
    """For the Office: this quarter's duty at a glance."""

    name = "quarterly_duty"
    order = 90  # above Wagtail's own panels
    template_name = "exemplar_stories/panels/quarterly_duty.html"

    def get_context_data(self, parent_context=None):
        return {
            "duty": current_duty(),
            "report_url": reverse("exemplar_stories_reports:quarterly_duty"),
        }
