"""Registration only: the admin pieces themselves live in viewsets.py, panels.py and friends."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .panels import AwaitingOfficeReviewPanel, SentBackPanel
from .roles import is_editor, is_office
from .viewsets import TaxonomyViewSetGroup

register_snippet(TaxonomyViewSetGroup)


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    if is_office(request.user):
        panels.append(AwaitingOfficeReviewPanel())
    if is_editor(request.user):
        panels.append(SentBackPanel())
