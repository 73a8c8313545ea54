"""Dashboard panels: the editorial flow and the quarterly duty; added from wagtail_hooks.py."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from . import editorial
from .duty import current_duty


class AwaitingOfficeReviewPanel(Component):
    """For the Office: stories waiting for review, oldest first, with unit and waiting time."""

    name = "awaiting_office_review"
    template_name = "exemplar_stories/admin/panels/awaiting_review.html"
    order = 90

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"] = editorial.awaiting_office_review(parent_context["request"].user)
        return context


class SentBackPanel(Component):
    """For an editor: their stories the Office sent back, with the Office's comment."""

    name = "sent_back_to_me"
    template_name = "exemplar_stories/admin/panels/sent_back.html"
    order = 80

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"] = editorial.sent_back_to(parent_context["request"].user)
        return context


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
