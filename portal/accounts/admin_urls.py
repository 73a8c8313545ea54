"""Admin URLs of the accounts app, included under /admin/security/ by wagtail_hooks."""

from django.urls import path

from . import views
from .login_trail import LoginTrailView

app_name = "portal_accounts"
urlpatterns = [
    path("second-factor/", views.verify, name="second_factor_verify"),
    path("second-factor/setup/", views.setup, name="second_factor_setup"),
    path("second-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("second-factor/devices/", views.device_list, name="devices"),
    path("second-factor/reset/<int:user_id>/", views.reset, name="second_factor_reset"),
    path("jsi18n/", views.javascript_catalog, name="jsi18n"),
    path("login-trail/", LoginTrailView.as_view(), name="login_trail"),
    path(
        "login-trail/results/",
        LoginTrailView.as_view(results_only=True),
        name="login_trail_results",
    ),
]
