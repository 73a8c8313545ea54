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


class MyDraftsPanel(Component):
    """For an editor: "Bản nháp của tôi", their stories not yet sent to the Office."""

    name = "my_drafts"
    template_name = "exemplar_stories/admin/panels/my_drafts.html"
    order = 70

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"] = selectors.my_drafts(parent_context["request"].user)
        return context


class NewStoryPanel(Component):
    """For an editor: "Viết bài mới", one link per kind of story with what sets it apart."""

    name = "new_story"
    template_name = "exemplar_stories/admin/panels/new_story.html"
    order = 60

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["kinds"] = selectors.new_story_links(parent_context["request"].user)
        return context
