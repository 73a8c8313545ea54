"""The Office's reports, under Reports in the admin menu: the quarterly duty and the yearly
review. The numbers come from `duty` and `review`; these views only show and export them."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from .charts import grouped_bar_chart
from .duty import duty_history
from .models import StoryKind
from .registrations.permissions import is_office_cached as is_office
from .review import KINDS, review_csv, review_tables, review_xlsx, review_years, yearly_review

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class OfficeOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_office(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OfficeReportMenuItem(MenuItem):
    def is_shown(self, request):
        return is_office(request.user)


class DutyStateColumn(Column):
    cell_template_name = "exemplar_stories/reports/duty_state_cell.html"


class QuarterlyDutyReportView(OfficeOnlyMixin, ReportView):
    """One row per quarter since the first story: published by kind, delivered, duty met."""

    page_title = gettext_lazy("Quarterly duty")
    header_icon = "calendar-alt"
    index_url_name = "exemplar_stories_reports:quarterly_duty"
    index_results_url_name = "exemplar_stories_reports:quarterly_duty_results"
    results_template_name = "exemplar_stories/reports/quarterly_duty_results.html"
    paginate_by = 40
    export_filename = "nhiem-vu-hang-quy"
    list_export = [
        "label",
        "exemplars",
        "new_models",
        "new_factors",
        "total",
        "delivered",
        "state_label",
    ]

    @cached_property
    def export_headings(self):
        return {
            "label": _("Quarter"),
            "exemplars": str(StoryKind.EXEMPLAR.label),
            "new_models": str(StoryKind.NEW_MODEL.label),
            "new_factors": str(StoryKind.NEW_FACTOR.label),
            "total": _("Total"),
            "delivered": _("Exemplars delivered to Sở Nội vụ"),
            "state_label": _("Duty met"),
        }

    @cached_property
    def columns(self):
        headings = self.export_headings
        return [
            Column("label", label=headings["label"]),
            Column("exemplars", label=headings["exemplars"]),
            Column("new_models", label=headings["new_models"]),
            Column("new_factors", label=headings["new_factors"]),
            Column("total", label=headings["total"]),
            Column("delivered", label=headings["delivered"]),
            DutyStateColumn("state_label", label=headings["state_label"]),
        ]

    def get_queryset(self):
        rows = duty_history()
        labels = {
            "met": _("Met"),
            "missed": _("Not met"),
            "at_risk": _("At risk"),
            "open": _("In progress"),
        }
        for row in rows:
            row.state_label = labels[row.state]
        return rows

    def get_filtered_queryset(self):
        return self.get_queryset()


class YearlyReviewView(OfficeOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Tổng kết: one year's stories by unit × kind, field and quarter; the awards won."""

    page_title = gettext_lazy("Yearly review")
    header_icon = "doc-full"
    template_name = "exemplar_stories/reports/yearly_review.html"

    def get(self, request, *args, **kwargs):
        years = review_years()
        raw = request.GET.get("year", "")
        year = int(raw) if raw.isdigit() and int(raw) in years else (years[0] if years else None)
        review = yearly_review(year) if year else None
        export = request.GET.get("export")
        if review and export in ("xlsx", "csv"):
            return self.export(review, export)
        return self.render_to_response(
            self.get_context_data(years=years, year=year, review=review, **kwargs)
        )

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = kwargs.get("review")
        if review:
            context["tables"] = review_tables(review)
            context["chart"] = grouped_bar_chart(
                title=_("Stories published in %(year)s, by quarter and kind")
                % {"year": review.year},
                categories=[row.label for row in review.by_quarter],
                series=[
                    (str(StoryKind(kind).label), [row.counts[kind] for row in review.by_quarter])
                    for kind in KINDS
                ],
                uid="review-quarters",
            )
        return context

    def export(self, review, fmt):
        if fmt == "xlsx":
            response = HttpResponse(review_xlsx(review), content_type=XLSX)
        else:
            response = HttpResponse(review_csv(review), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="tong-ket-{review.year}.{fmt}"'
        return response
