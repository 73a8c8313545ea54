"""The plan's catalogues (units, fields, movements, awards) as one snippets menu, and the
Office's "Rename or merge units" screen."""

from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .views import UnitChangeView
from .viewsets import TaxonomyViewSetGroup

register_snippet(TaxonomyViewSetGroup)


@hooks.register("register_admin_urls")
def register_unit_change_url():
    return [
        path(
            "exemplar-units/change/", UnitChangeView.as_view(), name="exemplar_stories_unit_change"
        )
    ]
