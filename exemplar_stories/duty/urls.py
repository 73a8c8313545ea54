"""The quarterly duty report's admin URLs (mounted with the yearly review's by admin_urls.py)."""

from django.urls import path

from .views import QuarterlyDutyReportView

urlpatterns = [
    path("quarterly-duty/", QuarterlyDutyReportView.as_view(), name="quarterly_duty"),
    path(
        "quarterly-duty/results/",
        QuarterlyDutyReportView.as_view(results_only=True),
        name="quarterly_duty_results",
    ),
]
