"""The "Nhật ký đăng nhập" report (superusers): every successful and failed admin login, from
django-axes' own tables: AccessLog (a successful password step, with the logout time) and
AccessFailureLog (every failure: wrong password, wrong second-factor code, locked out)."""

import django_filters
from axes.models import AccessFailureLog, AccessLog
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, CharField, F, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

SUCCESS, FAILURE = "success", "failure"
FIELDS = ("username", "ip_address", "attempt_time", "user_agent", "path_info")


class LoginTrailFilterSet(WagtailFilterSet):
    """Applied to each of the two tables before they are put together (see the view)."""

    outcome = django_filters.ChoiceFilter(
        label=gettext_lazy("Outcome"),
        choices=[(SUCCESS, gettext_lazy("Success")), (FAILURE, gettext_lazy("Failure"))],
        method="filter_outcome",
        empty_label=gettext_lazy("All"),
    )
    username = django_filters.CharFilter(label=gettext_lazy("Username"), lookup_expr="icontains")
    ip_address = django_filters.CharFilter(
        label=gettext_lazy("IP address"), lookup_expr="startswith"
    )
    attempt_time = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Time"), widget=DateRangePickerWidget
    )

    class Meta:
        model = AccessLog
        fields = []

    def filter_outcome(self, queryset, name, value):
        wanted = AccessLog if value == SUCCESS else AccessFailureLog
        return (
            queryset
            if value in (SUCCESS, FAILURE) and queryset.model is wanted
            else (queryset.none())
        )


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


class LoginTrailView(ReportView):
    page_title = gettext_lazy("Login trail")
    header_icon = "key"
    index_url_name = "portal_accounts:login_trail"
    index_results_url_name = "portal_accounts:login_trail_results"
    filterset_class = LoginTrailFilterSet
    paginate_by = 50
    export_filename = "nhat-ky-dang-nhap"
    list_export = ["time_local", "username", "ip_address", "outcome_label", "step", "user_agent"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def export_headings(self):
        return {
            "time_local": _("Time"),
            "username": _("Username"),
            "ip_address": _("IP address"),
            "outcome_label": _("Outcome"),
            "step": _("Step"),
            "user_agent": _("Browser"),
        }

    @cached_property
    def columns(self):
        headings = self.export_headings
        return [Column(key, label=headings[key]) for key in self.list_export]

    def get_queryset(self):
        return None  # the two tables are read in get_filtered_queryset

    def get_filtered_queryset(self):
        successes = AccessLog.objects.all()
        failures = AccessFailureLog.objects.all()
        if self.filters and self.filters.is_valid():
            successes = self.filters.filter_queryset(successes)
            failures = self.filters.filter_queryset(failures)
        successes = successes.annotate(
            outcome=Value(SUCCESS, output_field=CharField()),
            was_locked=Value(False, output_field=BooleanField()),
        ).values(*FIELDS, "outcome", "was_locked")
        failures = failures.annotate(
            outcome=Value(FAILURE, output_field=CharField()), was_locked=F("locked_out")
        ).values(*FIELDS, "outcome", "was_locked")
        return successes.union(failures, all=True).order_by("-attempt_time")

    def get_table(self, object_list):
        # The listing's table is made before decorate_paginated_queryset runs (exports use it).
        return super().get_table(self.decorate_paginated_queryset(object_list))

    def decorate_paginated_queryset(self, object_list):
        if isinstance(object_list, list):
            return object_list  # already decorated
        second_step = reverse("portal_accounts:second_factor_verify")
        rows = []
        for row in object_list:
            row = dict(row)
            row["time_local"] = timezone.localtime(row["attempt_time"]).strftime(
                "%d/%m/%Y %H:%M:%S"
            )
            if row["outcome"] == SUCCESS:
                row["outcome_label"] = _("Success")
            elif row["was_locked"]:
                row["outcome_label"] = _("Failure (locked out)")
            else:
                row["outcome_label"] = _("Failure")
            row["step"] = (
                _("Second factor") if row["path_info"].startswith(second_step) else _("Password")
            )
            rows.append(row)
        return rows
