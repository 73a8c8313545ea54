"""Unit scoping: which stories a user may act on, and the page permissions that follow.

Unit scoping is a rule on data (the story's unit against the editor's unit), checked here and
used through Wagtail's `permissions_for_user` (StoryPage) and the page form. See README
"Editorial workflow" for why this rather than one section page and one group per unit.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail.models import PagePermissionTester

from ..models import StoryPage
from .roles import is_office, unit_of


def _story(page):
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


class OtherUnitStoryPermissionTester(PagePermissionTester):
    """An editor looking at another unit's story: they may read it live, nothing more."""

    def _deny(self, *args, **kwargs):
        return False

    can_add_subpage = can_edit = can_delete = can_unpublish = can_publish = _deny
    can_submit_for_moderation = can_set_view_restrictions = can_unschedule = _deny
    can_lock = can_unlock = can_publish_subpage = can_reorder_children = _deny
    can_move = can_copy = can_move_to = can_copy_to = can_view_revisions = _deny


def story_permissions_for_user(page, user):
    if user_may_act_on(user, page):
        return PagePermissionTester(user, page)
    return OtherUnitStoryPermissionTester(user, page)
