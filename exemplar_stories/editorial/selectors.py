"""The editorial dashboard's selectors: what waits for the Office's review, and what the
Office sent back to an editor (with its comment)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import TaskState, WorkflowState

from ..core.people import display_name
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


def my_drafts(user, limit=20):
    """The user's stories that are not on the portal and not with the Office: those they own or
    last edited, newest edit first (what autosave or an unfinished visit left behind). Stories
    sent back for changes have their own panel; scheduled ones are approved, not drafts."""
    with_the_office = WorkflowState.objects.filter(
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]
    ).values_list("object_id", flat=True)
    pages = (
        StoryPage.objects.filter(live=False)
        .filter(Q(owner=user) | Q(latest_revision__user=user))
        .exclude(latest_revision__approved_go_live_at__isnull=False)
        .select_related("unit", "latest_revision")
        .order_by("-latest_revision_created_at", "-pk")
    )
    busy = {int(pk) for pk in with_the_office if str(pk).isdigit()}
    rows = []
    for page in pages[: limit + len(busy)]:
        if page.pk in busy:
            continue
        rows.append({"page": page, "edited_at": page.latest_revision_created_at})
    return rows[:limit]


def new_story_links(user):
    """[{"label", "description", "url"}] for each kind of story `user` may add under the index
    (empty if there is no index or they may add none)."""
    from django.urls import reverse

    from ..models import ExemplarIndexPage

    index = ExemplarIndexPage.objects.order_by("path").first()
    if index is None:
        return []
    permissions = index.permissions_for_user(user)
    links = []
    for model in index.specific_class.creatable_subpage_models():
        if not permissions.can_add_subpage() or not model.can_create_at(index):
            continue
        meta = model._meta
        links.append(
            {
                "label": meta.verbose_name,
                "description": model.get_page_description(),
                "url": reverse(
                    "wagtailadmin_pages:add", args=(meta.app_label, meta.model_name, index.pk)
                ),
            }
        )
    return links


def _latest_rejection(page):
    return (
        TaskState.objects.filter(
            status=TaskState.STATUS_REJECTED,
            task__in=OfficeReviewTask.objects.all(),
            workflow_state__object_id=str(page.pk),
        )
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )


def changes_requested(page):
    """{"comment", "who", "when"} of the Office's last request for changes, or None."""
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    state = _latest_rejection(page)
    if state is None:
        return None
    return {
        "comment": state.get_comment() or "",
        "who": display_name(state.finished_by) or _("the Office"),
        "when": date_format(localtime(state.finished_at), "SHORT_DATETIME_FORMAT"),
    }


def requested_by(page):
    """Who submitted the story (whom a request for changes goes back to)."""
    state = WorkflowState.objects.filter(object_id=str(page.pk)).order_by("-created_at").first()
    return display_name(state.requested_by) if state and state.requested_by else _("its editor")
