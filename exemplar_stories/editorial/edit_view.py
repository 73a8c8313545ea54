"""The story's edit view as the editor and the Office walk it: one way to (re)submit, the
Office's comment at the top while the editor fixes the story, and messages that say what the
review did. Registered from editorial/wagtail_hooks.py."""

from django.contrib import messages
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.models import WorkflowState

from ..models import ExemplarIndexPage, StoryPage
from . import selectors


def _needs_changes(page):
    state = page.current_workflow_state if page and page.pk else None
    return state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES


class SubmitToOfficeMenuItem(SubmitForModerationMenuItem):
    """Wagtail's submit item, labelled for what happens: it goes to the Office."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        if _needs_changes(context.get("page")):
            context["label"] = _("Send back to the Office for review")
        else:
            context["label"] = _("Send to the Office for review")
        return context


# After changes are requested Wagtail offers three ways forward (resubmit, restart, cancel): the
# editor needs one.
DUPLICATES_WHEN_SENT_BACK = {"action-restart-workflow", "action-cancel-workflow"}


def story_action_menu(menu_items, request, context):
    page = context.get("page")
    parent = context.get("parent_page")
    if page is not None and page.pk:
        is_story = isinstance(page.specific_deferred, StoryPage)
    else:  # the create view: a story is added under the stories' index
        is_story = isinstance(page, StoryPage) or (
            parent is not None and parent.specific_class is ExemplarIndexPage
        )
    if not is_story:
        return
    sent_back = _needs_changes(page)
    for position, item in enumerate(menu_items):
        if item.name == "action-submit" and type(item) is SubmitForModerationMenuItem:
            replacement = SubmitToOfficeMenuItem(order=item.order)
            menu_items[position] = replacement
    if sent_back:
        menu_items[:] = [i for i in menu_items if i.name not in DUPLICATES_WHEN_SENT_BACK]


def show_the_offices_comment(request, page):
    """`before_edit_page`: while a story is sent back, its editor sees why, at the top."""
    if request.method != "GET" or not isinstance(page.specific_deferred, StoryPage):
        return
    if not _needs_changes(page):
        return
    comment = selectors.changes_requested(page)
    if comment is None:
        return
    messages.warning(
        request,
        _(
            "The Office asked for changes (%(who)s, %(when)s): “%(comment)s”. Fix the story, then "
            "choose “Send back to the Office for review”."
        )
        % comment,
    )


def review_message(page, action):
    """What a review action did to `page`, in words (None for other actions): for the edit view
    and for Wagtail's review pop-up (review_modal)."""
    page.refresh_from_db()
    title = page.get_admin_display_title()
    if action == "reject":
        requester = selectors.requested_by(page)
        return _(
            "Changes requested: “%(title)s” went back to %(editor)s with your comment; it is "
            "not published."
        ) % {"title": title, "editor": requester}
    if action == "approve":
        if page.live and not page.has_unpublished_changes:
            return _("Approved and published: “%(title)s” is now on the portal.") % {"title": title}
        if page.approved_schedule:
            return _("Approved: “%(title)s” will be published at the scheduled time.") % {
                "title": title
            }
        if page.workflow_in_progress:
            return _("Approved: “%(title)s” moves on to the next review step.") % {"title": title}
        return _("Approved: “%(title)s”.") % {"title": title}
    return None


def say_what_the_review_did(request, page):
    """`after_edit_page`: after Approve or Request changes, say exactly what happened instead of
    Wagtail's "Page … has been updated"."""
    if request.method != "POST" or "action-workflow-action" not in request.POST:
        return
    message = review_message(page, request.POST.get("workflow-action-name"))
    if message is None:
        return
    title = page.get_admin_display_title()
    storage = messages.get_messages(request)
    generic = _("Page '%(page_title)s' has been updated.") % {"page_title": title}
    queued = getattr(storage, "_queued_messages", None)
    if queued is not None:
        # Wagtail's admin messages are HTML (escaped text, maybe buttons).
        forms = (generic, str(escape(generic)))
        queued[:] = [m for m in queued if not any(f in str(m.message) for f in forms)]
    messages.success(request, message)
