"""Admin URLs of the Office's reports; included under /admin/exemplar-reports/ by the hooks."""

from django.urls import path

from .reports import QuarterlyDutyReportView, YearlyReviewView

app_name = "exemplar_stories_reports"
urlpatterns = [
    path("quarterly-duty/", QuarterlyDutyReportView.as_view(), name="quarterly_duty"),
    path(
        "quarterly-duty/results/",
        QuarterlyDutyReportView.as_view(results_only=True),
        name="quarterly_duty_results",
    ),
    path("yearly-review/", YearlyReviewView.as_view(), name="yearly_review"),
]
