"""The yearly review's admin URL (mounted with the duty report's by admin_urls.py)."""

from django.urls import path

from .views import YearlyReviewView

urlpatterns = [
    path("yearly-review/", YearlyReviewView.as_view(), name="yearly_review"),
]
