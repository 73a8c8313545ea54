"""The Office's review task: Wagtail's group approval with the four-eyes rule.

Nobody approves their own work: the person who submitted a story, or who saved any of its
revisions since it was last live, is neither offered "approve" nor allowed to post it (the same
rule `access.stories.may_go_live` applies to every publish). (Wagtail itself does not do this;
the idea comes from the UK Office for National Statistics' Wagtail site.)
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState

# Declared exception to the layers (pyproject.toml): Wagtail asks the task for the form of
# each action, and "request changes" uses the editorial room's form.
from ..editorial.workflow_forms import RequestChangesForm


class OfficeReviewTask(AbstractGroupApprovalTask):
    class Meta:
        verbose_name = _("Office review (four-eyes)")
        verbose_name_plural = _("Office reviews (four-eyes)")

    def __str__(self):
        return self.name

    @staticmethod
    def contributors_since_live(obj, up_to=None):
        """Ids of the users who saved a revision of `obj` since it was last live (every
        revision if it never was), up to the revision `up_to` if given."""
        revisions = obj.revisions.exclude(user=None)
        if obj.live_revision_id:
            revisions = revisions.filter(created_at__gt=obj.live_revision.created_at)
        elif obj.last_published_at:
            revisions = revisions.filter(created_at__gt=obj.last_published_at)
        if up_to is not None:
            revisions = revisions.filter(created_at__lte=up_to.created_at)
        return set(revisions.values_list("user_id", flat=True))

    @classmethod
    def authors_of(cls, obj, workflow_state=None):
        """Users who may not approve `obj`: its submitter and everyone who wrote any of its
        revisions since it was last live (A writes, B edits and submits: neither approves)."""
        authors = cls.contributors_since_live(obj)
        workflow_state = workflow_state or obj.current_workflow_state
        if workflow_state and workflow_state.requested_by_id:
            authors.add(workflow_state.requested_by_id)
        return authors

    def user_may_approve(self, obj, user):
        return user.pk not in self.authors_of(obj) and self.consent_covers(obj)

    @staticmethod
    def consent_covers(obj):
        """The consent of the story's subject covers what publishing it will do. Seam models →
        access, as in StoryPage.permissions_for_user: access.consent is the one rule."""
        from ..access.consent import missing_scopes  # seam: models → access (consent)
        from .pages import StoryPage

        story = obj.specific  # Wagtail hands the task the base Page in on_action
        if not isinstance(story, StoryPage):
            return True
        return not missing_scopes(story, story.get_latest_revision())

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and not self.user_may_approve(obj, user):
            return [action for action in actions if action[0] != "approve"]
        return actions

    def get_form_for_action(self, action):
        if action == "reject":
            return RequestChangesForm
        return super().get_form_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        # Lock the task state: of two reviewers acting at the same moment, the second finds it
        # no longer in progress and changes nothing (the view tells them it is not in review).
        current = TaskState.objects.select_for_update().get(pk=task_state.pk)
        if current.status != TaskState.STATUS_IN_PROGRESS:
            return None
        if action_name == "approve" and not self.user_may_approve(
            task_state.workflow_state.content_object, user
        ):
            raise PermissionDenied
        return super().on_action(current.specific, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve or request changes; nobody approves a story "
            "they submitted or edited since it was last live."
        )
