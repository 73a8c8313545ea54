"""The editorial flow's dashboard panels: the review queue for the Office, the stories sent
back for an editor; the page chooser's unit scoping (decided in access.stories)."""

from wagtail import hooks

from ..access.roles import is_editor, is_office
from ..access.stories import chooser_queryset
from .dashboard import AwaitingOfficeReviewPanel, SentBackPanel


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    if is_office(request.user):
        panels.append(AwaitingOfficeReviewPanel())
    if is_editor(request.user):
        panels.append(SentBackPanel())


hooks.register("construct_page_chooser_queryset", chooser_queryset)
