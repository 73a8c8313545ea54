"""The admin's gates, built on `roles` and `registrations`: the modeladmin permission helpers,
the Office-only mixin of the report views and the Office-only menu item.

The screens (registrations, registration years, the syndication log, the reports) only plug
these in; what a role may do is decided here. That includes what a list may be filtered by:
`DeclaredLookupsIndexView` (every modeladmin list's index view) applies only the filters the
screen declares, its search and its ordering; any other query-string parameter is ignored, so
nobody can filter on a relation the screen never offered (`unit__stories__…__password__regex`).
"""

from django.contrib import messages
from django.contrib.admin.filters import FieldListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Field
from django.utils.translation import gettext as _
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.views import IndexView

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


class DeclaredLookupsIndexView(IndexView):
    """A modeladmin list that filters only by what it declares.

    wagtail-modeladmin, like Django's admin, turns every query-string parameter it does not
    recognise into a lookup (`?unit__stories__…__finished_by__password__regex=^pbkdf2`), so
    row counts leak whatever a relation path reaches. Here the lookups are the parameters of the
    declared `list_filter`s only (for the user: `get_list_filter(request)`), plus plain
    equality on a declared field (`?status=failed`, as the dashboard links); the rest is
    dropped before the filters see it. A declared filter given a value it cannot use (`?year=abc`)
    shows the list unfiltered with a message, never a server error.
    """

    def declared_parameters(self):
        names = set()
        for list_filter in self.list_filter or ():
            if isinstance(list_filter, type) and hasattr(list_filter, "parameter_name"):
                names.add(list_filter.parameter_name)
                continue
            if isinstance(list_filter, (tuple, list)):
                field, filter_class = list_filter
            else:
                field, filter_class = list_filter, FieldListFilter.create
            field_path = None
            if not isinstance(field, Field):
                field_path = field
                field = get_fields_from_path(self.model, field_path)[-1]
            spec = filter_class(
                field, self.request, {}, self.model, self.model_admin, field_path=field_path
            )
            expected = set(spec.expected_parameters())
            if not getattr(field, "null", True):
                # The filter never offers "empty" for a field that cannot be empty; taken as
                # given, `?year__isnull=abc` would empty the list.
                expected.discard(f"{field_path or field.name}__isnull")
            names.update(expected)
            if field_path:
                names.add(field_path)  # `?status=failed`: equality on a declared field
        return names

    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        declared = self.declared_parameters()
        return {key: value for key, value in lookup_params.items() if key in declared}

    def get_search_results(self, request, queryset, search_term):
        # PostgreSQL refuses a NUL character in a query (DataError); nobody types one.
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))

    def get_queryset(self, request=None):
        try:
            return super().get_queryset(request)
        except (IncorrectLookupParameters, ValidationError, ValueError):
            messages.error(
                self.request, _("A filter value was not valid; the list is shown unfiltered.")
            )
            declared = self.declared_parameters()
            for key in list(self.params):
                if key in declared:
                    del self.params[key]
            return super().get_queryset(request)
