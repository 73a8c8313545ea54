"""The editorial flow's dashboard panels: the review queue for the Office; for an editor, a way
to start a story, their drafts and the stories sent back; the page chooser's unit scoping
(decided in access.stories) and the page bulk actions (access.bulk_actions)."""

from wagtail import hooks

from ..access.bulk_actions import PAGE_BULK_ACTIONS
from ..access.roles import is_editor, is_office
from ..access.stories import chooser_queryset
from . import edit_view, guide, review_modal
from .dashboard import AwaitingOfficeReviewPanel, MyDraftsPanel, NewStoryPanel, SentBackPanel

# Wagtail's own "awaiting your review" panel lists the same stories as ours: one list only.
WAGTAIL_REVIEW_PANEL = "workflow_objects_to_moderate"


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    if is_office(request.user):
        panels[:] = [p for p in panels if getattr(p, "name", "") != WAGTAIL_REVIEW_PANEL]
        panels.append(AwaitingOfficeReviewPanel())
    if is_editor(request.user):
        panels.append(NewStoryPanel())
        panels.append(MyDraftsPanel())
        panels.append(SentBackPanel())


hooks.register("construct_page_chooser_queryset", chooser_queryset)
hooks.register("construct_page_action_menu", edit_view.story_action_menu)
hooks.register("before_edit_page", edit_view.show_the_offices_comment)
hooks.register("after_edit_page", edit_view.say_what_the_review_did)
hooks.register("register_admin_viewset", review_modal.story_page_viewset)
hooks.register("register_admin_urls", guide.urls)
hooks.register("register_help_menu_item", guide.guide_menu_item)
hooks.register("construct_help_menu", guide.keep_vietnamese_help)

# The page bulk actions ask access.bulk_actions; registered after Wagtail's (same action types).
for action_class in PAGE_BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class, order=100)
