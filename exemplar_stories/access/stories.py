"""Unit scoping: which stories a user may act on, and the page permissions that follow; and the
four-eyes rule: when a story may go live.

Four-eyes (`may_go_live`): a revision of a story goes live only when a member of the Office who
wrote none of the story's revisions since it was last live, and who did not submit it, approved
exactly that revision in the Office review task. The page permission tester's `can_publish`
asks it (so the edit view hides Publish, and bulk publish, the admin API and a revert refuse),
and `StoryPage.publish` asks it again for every publish that does not skip permission checks
(`publish_scheduled`, code), so there is no path around it. The workflow's own publish passes:
the approval exists at that moment. Superusers follow it too unless
EXEMPLAR_STORIES["SUPERUSERS_SKIP_FOUR_EYES"] is set.

Unit scoping is a rule on data (the story's unit against the editor's unit), checked here and
used through Wagtail's `permissions_for_user` (StoryPage) and the page form. See README
"Editorial workflow" for why this rather than one section page and one group per unit.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail.models import PagePermissionTester, TaskState
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..core.conf import get_setting
from ..models import OfficeReviewTask, StoryPage
from .consent import last_withdrawal_at, missing_scopes
from .roles import is_office, unit_scope


def _story(page):
    page = getattr(page, "specific", page)
    return page if isinstance(page, StoryPage) else None


def user_may_act_on(user, page):
    """Office and superusers act on every story; an editor only on their unit's stories, which
    include those of the former units it replaced (`roles.unit_scope`)."""
    story = _story(page)
    if story is None or is_office(user):
        return True
    return story.unit_id in unit_scope(user)


class OtherUnitStoryPermissionTester(PagePermissionTester):
    """An editor looking at another unit's story: they may read it live, nothing more."""

    def _deny(self, *args, **kwargs):
        return False

    can_add_subpage = can_edit = can_delete = can_unpublish = can_publish = _deny
    can_submit_for_moderation = can_set_view_restrictions = can_unschedule = _deny
    can_lock = can_unlock = can_publish_subpage = can_reorder_children = _deny
    can_move = can_copy = can_move_to = can_copy_to = can_view_revisions = _deny


def hide_other_units_stories(user, pages):
    """`pages` without the stories of units outside the user's scope (all stories, for a user
    with no unit); the Office and superusers keep everything."""
    if is_office(user):
        return pages
    others = StoryPage.objects.exclude(unit_id__in=unit_scope(user))
    return pages.exclude(pk__in=others.values("pk"))


class UnitScopedPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permission policy, with unit scoping on what a user may see.

    Every admin listing asks this policy which pages a user may explore or act on: the page
    explorer and its search, the admin page search, the admin API, the site history, the
    workflow and workflow-task reports, the aging and locked pages reports and the type-usage
    view. An editor gets none of another unit's stories there (not their drafts' titles, slugs,
    status or reviewers). Registered for Page in apps.ready().
    """

    def instances_user_has_any_permission_for(self, user, actions):
        return hide_other_units_stories(
            user, super().instances_user_has_any_permission_for(user, actions)
        )

    def explorable_instances(self, user):
        return hide_other_units_stories(user, super().explorable_instances(user))


def hide_last_edits_of_other_units(user, page_types):
    """The page types usage report names each type's last edited page: for an editor, not
    another unit's draft (a live story's public title may stay)."""
    for item in page_types:
        page = getattr(item, "last_edited_page", None)
        if page is not None and not page.live and not user_may_act_on(user, page):
            item.last_edited_page = None
    return page_types


def chooser_queryset(pages, request):
    """The page chooser and its search (construct_page_chooser_queryset)."""
    return hide_other_units_stories(request.user, pages)


def eligible_approval(story, revision):
    """The Office review task's approval of `revision` by someone who may approve it, or None."""
    if revision is None:
        return None
    approvals = TaskState.objects.filter(
        revision=revision,
        status=TaskState.STATUS_APPROVED,
        task__content_type=ContentType.objects.get_for_model(OfficeReviewTask),
        finished_by__isnull=False,
    ).select_related("finished_by", "workflow_state")
    approvals = list(approvals)
    if not approvals:  # most stories of a listing: no more queries
        return None
    contributors = OfficeReviewTask.contributors_since_live(story, up_to=revision)
    # After a consent withdrawal, only a new review counts (reinstating: new consent, new review).
    withdrawn_at = last_withdrawal_at(story)
    for approval in approvals:
        reviewer = approval.finished_by
        if withdrawn_at is not None and (
            approval.finished_at is None or approval.finished_at <= withdrawn_at
        ):
            continue
        if (
            is_office(reviewer)
            and reviewer.pk not in contributors
            and reviewer.pk != approval.workflow_state.requested_by_id
        ):
            return approval
    return None


def may_go_live(story, revision, user=None):
    """The four-eyes rule (module docstring), and the consent (access.consent): may `revision`
    of `story` be published? Consent binds superusers too."""
    specific = _story(story)
    if specific is None:
        return True
    skips_review = (
        user is not None and user.is_superuser and get_setting("SUPERUSERS_SKIP_FOUR_EYES")
    )
    # The approval first: one query, and most stories of a listing have none; the consent reads
    # the revision's content (about ten queries), asked of every row of the Office's explorer.
    if not skips_review and eligible_approval(story, revision) is None:
        return False
    return not missing_scopes(specific, revision)


def check_may_go_live(story, revision, user=None):
    if _story(story) is not None and missing_scopes(_story(story), revision):
        raise PermissionDenied(
            _("The consent of the person in the story does not cover its publication.")
        )
    if not may_go_live(story, revision, user):
        raise PermissionDenied(
            _("A story goes live only after another Office member has approved it.")
        )


class StoryPermissionTester(PagePermissionTester):
    """Wagtail's permissions, with publishing a story bound to the four-eyes rule."""

    def can_publish(self):
        return super().can_publish() and may_go_live(
            self.page, self.page.get_latest_revision(), self.user
        )

    # Wagtail grants these with "publish"; they are not a publication of new content.
    def can_set_view_restrictions(self):
        return super().can_publish()

    def can_unschedule(self):
        return super().can_publish()


class StoryIndexPermissionTester(PagePermissionTester):
    """The story index: what goes live under it is a story, and a story goes live only through
    `publish()` of an approved revision. So nobody "publishes a subpage" of the index in one
    go: no Publish when creating a story, no "publish copied page" or alias when copying one
    (Wagtail keeps such a copy live without `publish()`), in the admin and its API alike."""

    def can_publish_subpage(self):
        return (
            super().can_publish_subpage()
            and self.user.is_superuser
            and bool(get_setting("SUPERUSERS_SKIP_FOUR_EYES"))
        )


def story_index_permissions_for_user(page, user):
    return StoryIndexPermissionTester(user, page)


def story_permissions_for_user(page, user):
    if user_may_act_on(user, page):
        return StoryPermissionTester(user, page)
    return OtherUnitStoryPermissionTester(user, page)
