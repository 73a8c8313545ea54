"""Wagtail's review pop-up (the workflow action modal, and the dashboard's approve/request-changes
buttons that post to the same view) for stories: it says what happened, as the edit view does
(`edit_view.review_message`), and the four-eyes refusal is a message, not a bare 403.

Wagtail 8 routes the page views through a per-model page viewset, so a story's workflow action
view is ours and every other page type keeps Wagtail's. Registered from wagtail_hooks.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import AbstractGroupApprovalTask, TaskState

from ..access.consent import missing_scopes
from ..models import OfficeReviewTask, StoryPage
from .edit_view import review_message


class StoryWorkflowActionView(WorkflowActionView):
    def dispatch(self, request, *args, **kwargs):
        status_before = self.task_state.status
        try:
            response = super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            reason = self.refusal_reason()
            if reason is None:
                raise
            messages.error(request, reason)
            return self.finish()
        if request.method == "POST" and self.acted(status_before):
            message = review_message(self.object.specific, self.action_name)
            if message:
                messages.success(request, message)
        return response

    def acted(self, status_before):
        status = TaskState.objects.filter(pk=self.task_state.pk).values_list("status", flat=True)
        return status_before == TaskState.STATUS_IN_PROGRESS and status.first() != status_before

    def refusal_reason(self):
        """Why a reviewer who may review this story was refused its approval, in words (the
        four-eyes rule, or a consent that does not cover publishing); None for any other 403."""
        task, user, story = self.task, self.request.user, self.object
        if self.action_name != "approve" or not isinstance(task, OfficeReviewTask):
            return None
        if not AbstractGroupApprovalTask.get_actions(task, story, user):
            return None
        title = story.get_admin_display_title()
        if user.pk in task.authors_of(story):
            return _(
                "You cannot approve “%(title)s”: you sent it for review or edited it since "
                "it was last published. Another member of the Office approves it (four-eyes "
                "rule)."
            ) % {"title": title}
        specific = story.specific
        missing = missing_scopes(specific, specific.get_latest_revision())
        if missing:
            return _(
                "“%(title)s” cannot be approved yet: the consent of the person in the story does "
                "not cover %(scopes)s. Record the consent first (Consent panel of the story)."
            ) % {"title": title, "scopes": ", ".join(str(scope.label) for scope in missing)}
        return None

    def finish(self):
        """Back where the reviewer came from; the pop-up follows the same address."""
        if self.request.headers.get("x-requested-with") == "XMLHttpRequest":
            return self.render_modal_json(
                self.request, {"step": "success", "redirect": self.redirect_url}
            )
        return redirect(self.redirect_url)


class StoryPageViewSet(PageViewSet):
    model = StoryPage
    workflow_action_view_class = StoryWorkflowActionView
    # Only the workflow action changes: the index's explorer listing stays Wagtail's.
    parent_models = ()


def story_page_viewset():
    return StoryPageViewSet("exemplar_stories_story_pages")
