"""The consent screens' admin URLs, under /admin/consent/ (mounted by wagtail_hooks)."""

from django.urls import path

from . import views

app_name = "exemplar_stories_consent"
urlpatterns = [
    path("story/<int:page_id>/", views.story_consent, name="story"),
    path("story/<int:page_id>/withdraw/", views.withdraw, name="withdraw"),
    path("evidence/<int:consent_id>/", views.evidence, name="evidence"),
    path("people/", views.personal_data, name="personal_data"),
]
