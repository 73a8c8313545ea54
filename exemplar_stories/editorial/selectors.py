"""The editorial dashboard's selectors: what waits for the Office's review, and what the
Office sent back to an editor (with its comment)."""

from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from ..models import OfficeReviewTask, StoryPage


def awaiting_office_review(user, limit=20):
    """Stories in the Office's review task that `user` may moderate, oldest submission first."""
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
