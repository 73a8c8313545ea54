"""The quarterly duty report, under Reports in the admin menu (the Office only). The numbers
come from `duty.selectors`; this view only shows and exports them."""

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from ..access.admin import OfficeOnlyMixin
from ..core.choices import StoryKind
from .selectors import duty_history


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
        "missing_label",
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
            "missing_label": _("What is missing"),
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
            Column("missing_label", label=headings["missing_label"]),
            DutyStateColumn("state_label", label=headings["state_label"]),
        ]

    def write_xlsx(self, queryset, output):
        """Wagtail's xlsx export, with the sheet named for what it holds (Wagtail: "Sheet1")."""
        from openpyxl import Workbook
        from wagtail.admin.views.mixins import ExcelDateFormatter

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=str(self.page_title)[:31])
        worksheet.append(self.get_heading(queryset, field) for field in self.list_export)
        date_format = ExcelDateFormatter().get()
        for item in queryset:
            worksheet.append(
                self.generate_xlsx_row(worksheet, self.to_row_dict(item), date_format=date_format)
            )
        workbook.save(output)

    def get_queryset(self):
        rows = duty_history()
        labels = {
            "met": _("Met"),
            "missed": _("Not met"),
            "at_risk": _("At risk"),
            "open": _("In progress"),
        }
        missing = {
            "": "",
            "publication": _("No exemplar published on the portal"),
            "delivery": _("Not sent to Sở Nội vụ"),
            "both": _("Not published, not sent to Sở Nội vụ"),
        }
        for row in rows:
            row.state_label = labels[row.state]
            row.missing_label = missing[row.missing]
        return rows

    def get_filtered_queryset(self):
        return self.get_queryset()
