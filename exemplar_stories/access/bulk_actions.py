"""The admin's page bulk actions (move, delete, publish, unpublish), asking this module.

Wagtail's own actions ask `page.permissions_for_user()` of the plain `Page` rows they load, so
a story's unit and the four-eyes rule (`StoryPage.permissions_for_user`) are never consulted,
and their confirm pages list every selected row the user may not act on by title, another
unit's drafts included. These subclasses replace them (registered after Wagtail's, same
`action_type`):

- `permitted(user, page)` asks the story's own permission tester (`stories`), for the check
  before the action runs and for what the listing offers;
- `offered(user, pages)`: the listing's footer offers an action only when the user may do it on
  at least one row of the page shown (an editor is never offered publish or unpublish); the
  same holds for every other listing with bulk actions (snippets: `offered_bulk_actions`);
- the confirm page leaves out, unnamed, the selected rows the user may not even see (another
  unit's stories) and says how many; rows the user sees but may not act on stay listed, as in
  Wagtail.
"""

from django.contrib import messages
from django.utils.translation import ngettext
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.models import Page

from .stories import hide_other_units_stories

NO_ACCESS_LISTS = (
    "items_with_no_access",
    "pages_without_common_parent_page",
    "pages_without_destination_access",
    "pages_with_duplicate_slugs",
)


class ScopedPageBulkAction:
    """Mixed in before a Wagtail page bulk action; `tester_method` names the question."""

    tester_method = None

    @classmethod
    def permitted(cls, user, page):
        tester = page.specific_deferred.permissions_for_user(user)
        return getattr(tester, cls.tester_method)()

    @classmethod
    def offered(cls, user, pages):
        return any(cls.permitted(user, page) for page in pages)

    def check_perm(self, page):
        return self.permitted(self.request.user, page)

    def get_actionable_objects(self):
        objects, without_access = super().get_actionable_objects()
        selected = [*objects, *without_access.get("items_with_no_access", [])]
        visible = set(
            hide_other_units_stories(
                self.request.user, Page.objects.filter(pk__in=[page.pk for page in selected])
            ).values_list("pk", flat=True)
        )
        hidden = {page.pk for page in selected if page.pk not in visible}
        if hidden:
            objects = [page for page in objects if page.pk not in hidden]
            for key in NO_ACCESS_LISTS:
                if key in without_access:
                    without_access[key] = [
                        row for row in without_access[key] if _pk(row) not in hidden
                    ]
            if self.request.method == "GET":
                messages.warning(
                    self.request,
                    ngettext(
                        "%(count)d selected page belongs to another unit and is left out.",
                        "%(count)d selected pages belong to other units and are left out.",
                        len(hidden),
                    )
                    % {"count": len(hidden)},
                )
        return objects, without_access


def _pk(row):
    return row["item"].pk if isinstance(row, dict) else row.pk


class ScopedMoveBulkAction(ScopedPageBulkAction, MoveBulkAction):
    tester_method = "can_move"


class ScopedDeleteBulkAction(ScopedPageBulkAction, DeleteBulkAction):
    tester_method = "can_delete"


class ScopedPublishBulkAction(ScopedPageBulkAction, PublishBulkAction):
    tester_method = "can_publish"


class ScopedUnpublishBulkAction(ScopedPageBulkAction, UnpublishBulkAction):
    tester_method = "can_unpublish"


PAGE_BULK_ACTIONS = [
    ScopedMoveBulkAction,
    ScopedDeleteBulkAction,
    ScopedPublishBulkAction,
    ScopedUnpublishBulkAction,
]


def offered_bulk_actions(request, app_label, model_name, objects):
    """The action types of the listing's footer that the request's user is offered for the
    rows `objects`: those whose own check allows at least one row (for pages,
    `ScopedPageBulkAction.permitted`; for other models, e.g. snippets, Wagtail's `check_perm`).
    None when there are no rows to ask about (Wagtail's choice stands)."""
    pages = list(objects or [])
    if not pages or request is None:
        return None
    offered = set()
    for action_class in bulk_action_registry.get_bulk_actions_for_model(app_label, model_name):
        if issubclass(action_class, ScopedPageBulkAction):
            allowed = action_class.offered(request.user, pages)
        else:
            model = action_class.get_default_model() if len(action_class.models) == 1 else None
            model = model or type(pages[0])
            action = action_class(request, model)
            allowed = any(action.check_perm(obj) for obj in pages)
        if allowed:
            offered.add(action_class.action_type)
    return offered
