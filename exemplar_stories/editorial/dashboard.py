"""Dashboard components of the editorial flow (Wagtail's homepage panels, not edit panels):
what waits for the Office's review, and what the Office sent back to an editor. Added from
editorial/wagtail_hooks.py."""

from wagtail.admin.ui.components import Component

from . import selectors


class SelectorPanel(Component):
    """A panel whose rows come from one selector called with the request's user."""

    context_name = "rows"

    @staticmethod
    def select(user):  # pragma: no cover - each panel names its selector
        raise NotImplementedError

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context[self.context_name] = self.select(parent_context["request"].user)
        return context


class AwaitingOfficeReviewPanel(SelectorPanel):
    """For the Office: stories waiting for review, oldest first, with unit and waiting time."""

    name = "awaiting_office_review"
    template_name = "exemplar_stories/admin/panels/awaiting_review.html"
    order = 90
    select = staticmethod(selectors.awaiting_office_review)


class SentBackPanel(SelectorPanel):
    """For an editor: their stories the Office sent back, with the Office's comment."""

    name = "sent_back_to_me"
    template_name = "exemplar_stories/admin/panels/sent_back.html"
    order = 80
    select = staticmethod(selectors.sent_back_to)


class MyDraftsPanel(SelectorPanel):
    """For an editor: "Bản nháp của tôi", their stories not yet sent to the Office."""

    name = "my_drafts"
    template_name = "exemplar_stories/admin/panels/my_drafts.html"
    order = 70
    select = staticmethod(selectors.my_drafts)


class NewStoryPanel(SelectorPanel):
    """For an editor: "Viết bài mới", one link per kind of story with what sets it apart."""

    name = "new_story"
    template_name = "exemplar_stories/admin/panels/new_story.html"
    order = 60
    context_name = "kinds"
    select = staticmethod(selectors.new_story_links)
