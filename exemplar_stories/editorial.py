"""The editorial flow's rules: who may act on which story, and how a story index is wired.

Unit scoping is a rule on data (the story's unit against the editor's unit), checked here and
called from the admin hooks and the page form. See README "Editorial workflow" for why this
rather than one section page and one group per unit.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, TaskState, Workflow, WorkflowPage, WorkflowState

from .conf import get_setting
from .roles import is_office, unit_of

WORKFLOW_NAME = "Duyệt tin điển hình"
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
OFFICE_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page"]


def setup_story_index(index):
    """Give a new story index the Office's workflow and the groups' page permissions."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    for setting, codenames in (
        ("EDITOR_GROUP", EDITOR_PAGE_PERMISSIONS),
        ("REVIEWER_GROUP", OFFICE_PAGE_PERMISSIONS),
    ):
        group = Group.objects.filter(name=get_setting(setting)).first()
        if group is None:
            continue
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=index,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )


def _story(page):
    from .models import StoryPage

    page = getattr(page, "specific", page)
    return page if isinstance(page, StoryPage) else None


def user_may_act_on(user, page):
    """Office and superusers act on every story; an editor only on their own unit's stories."""
    story = _story(page)
    if story is None or is_office(user):
        return True
    unit = unit_of(user)
    return unit is not None and story.unit_id == unit.pk


def check_unit_access(user, page):
    if not user_may_act_on(user, page):
        raise PermissionDenied(_("This story belongs to another unit."))


# Dashboard selectors -------------------------------------------------------------------------


def awaiting_office_review(user, limit=20):
    """Stories in the Office's review task that `user` may moderate, oldest submission first."""
    from .models import OfficeReviewTask, StoryPage

    states = (
        TaskState.objects.reviewable_by(user)
        .filter(task__in=OfficeReviewTask.objects.all())
        .select_related("workflow_state__requested_by", "revision")
        .order_by("started_at")[:limit]
    )
    states = list(states)
    pages = StoryPage.objects.in_bulk([int(s.workflow_state.object_id) for s in states])
    now = timezone.now()
    rows = []
    for state in states:
        page = pages.get(int(state.workflow_state.object_id))
        if page is None:
            continue
        rows.append(
            {
                "page": page,
                "unit": page.unit,
                "submitted_by": state.workflow_state.requested_by,
                "submitted_at": state.started_at,
                "waiting": now - state.started_at,
                "task_state": state,
            }
        )
    return rows


def sent_back_to(user, limit=20):
    """The user's stories whose latest review ended in "request changes", with the comment.

    A story leaves this list once it is back in review (resubmitted) or published.
    """
    from .models import OfficeReviewTask, StoryPage

    rejected = list(
        TaskState.objects.filter(
            status=TaskState.STATUS_REJECTED,
            task__in=OfficeReviewTask.objects.all(),
            workflow_state__requested_by=user,
        )
        .select_related("finished_by", "workflow_state")
        .order_by("-finished_at")[: limit * 3]
    )
    pages = StoryPage.objects.select_related("unit").in_bulk(
        {int(state.workflow_state.object_id) for state in rejected}
    )
    in_review = set(
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS, object_id__in=[str(pk) for pk in pages]
        ).values_list("object_id", flat=True)
    )
    rows, seen = [], set()
    for state in rejected:
        page = pages.get(int(state.workflow_state.object_id))
        if page is None or page.pk in seen:
            continue
        seen.add(page.pk)
        published_since = page.last_published_at and page.last_published_at > state.finished_at
        if str(page.pk) in in_review or published_since:
            continue
        rows.append(
            {
                "page": page,
                "comment": state.get_comment(),
                "by": state.finished_by,
                "at": state.finished_at,
            }
        )
    return rows[:limit]
