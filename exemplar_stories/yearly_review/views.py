"""The yearly review report (tổng kết), under Reports in the admin menu (the Office only). The
numbers come from `yearly_review.selectors`; this view only shows, charts and exports them."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..access.admin import OfficeOnlyMixin
from ..core.choices import StoryKind
from ..core.params import chosen_year
from ..core.spreadsheets import XLSX_CONTENT_TYPE as XLSX
from .charts import grouped_bar_chart
from .exports import review_csv, review_tables, review_xlsx
from .selectors import KINDS, review_years, yearly_review


class YearlyReviewView(OfficeOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Tổng kết: one year's stories by unit × kind, field and quarter; the awards won."""

    page_title = gettext_lazy("Yearly review")
    header_icon = "doc-full"
    template_name = "exemplar_stories/reports/yearly_review.html"

    def get(self, request, *args, **kwargs):
        years = review_years()
        year = chosen_year(request.GET.get("year", ""), years)
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
