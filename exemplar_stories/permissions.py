"""Page permissions for stories: Wagtail's own, narrowed to the editor's unit."""

from wagtail.models import PagePermissionTester

from .editorial import user_may_act_on


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
