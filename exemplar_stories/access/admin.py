"""The admin's gates, built on `roles` and `registrations`: the modeladmin permission helpers,
the Office-only mixin of the report views and the Office-only menu item.

The screens (registrations, registration years, the syndication log, the reports) only plug
these in; what a role may do is decided here.
"""

from django.core.exceptions import PermissionDenied
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import PermissionHelper

from . import registrations
from .roles import is_office


class RegistrationPermissionHelper(PermissionHelper):
    """Roles, not model permissions: the Office sees all, a unit editor their unit's rows."""

    def user_has_any_permissions(self, user):
        return registrations.can_access(user)

    def user_can_list(self, user):
        return registrations.can_access(user)

    def user_can_create(self, user):
        return registrations.can_access(user)

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_edit_obj(self, user, obj):
        return registrations.can_change(user, obj)

    def user_can_delete_obj(self, user, obj):
        return registrations.can_change(user, obj)


class OfficeOnlyPermissionHelper(PermissionHelper):
    """Registration years: the Office (and superusers) manage them; nobody else sees them."""

    def user_has_any_permissions(self, user):
        return registrations.can_manage_years(user)

    def user_can_list(self, user):
        return registrations.can_manage_years(user)

    def user_can_create(self, user):
        return registrations.can_manage_years(user)

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_edit_obj(self, user, obj):
        return registrations.can_manage_years(user)

    def user_can_delete_obj(self, user, obj):
        return registrations.can_manage_years(user)


class OfficeReadOnlyPermissionHelper(PermissionHelper):
    """The syndication log: the Office (and superusers) read it and resend; nobody edits or
    deletes rows."""

    def user_can_list(self, user):
        return is_office(user)

    def user_can_inspect_obj(self, user, obj):
        return is_office(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class OfficeOnlyMixin:
    """For the Office's report views: anyone else gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if not registrations.is_office_cached(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OfficeReportMenuItem(MenuItem):
    """A Reports menu item shown to the Office only."""

    def is_shown(self, request):
        return registrations.is_office_cached(request.user)
