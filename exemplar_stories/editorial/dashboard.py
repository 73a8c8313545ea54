"""Dashboard components of the editorial flow (Wagtail's homepage panels, not edit panels):
what waits for the Office's review, and what the Office sent back to an editor. Added from
editorial/wagtail_hooks.py."""

from wagtail.admin.ui.components import Component

from . import selectors


class AwaitingOfficeReviewPanel(Component):
    """For the Office: stories waiting for review, oldest first, with unit and waiting time."""

    name = "awaiting_office_review"
    template_name = "exemplar_stories/admin/panels/awaiting_review.html"
    order = 90

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"] = selectors.awaiting_office_review(parent_context["request"].user)
        return context


class SentBackPanel(Component):
    """For an editor: their stories the Office sent back, with the Office's comment."""

    name = "sent_back_to_me"
    template_name = "exemplar_stories/admin/panels/sent_back.html"
    order = 80

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"] = selectors.sent_back_to(parent_context["request"].user)
        return context
