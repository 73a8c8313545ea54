"""Admin viewsets for the plan's taxonomy; registered from taxonomy/wagtail_hooks.py.

No `search_fields` here: the models index their name only (`Model.search_fields`), and
naming fields made the admin's autocomplete search restrict the query to a column that the
SQLite full-text table does not have ("no such column: name": every search of a catalogue was
a server error on SQLite, issue #13)."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from ..access.roles import is_office
from ..core.text import yes_no
from ..models import Award, EmulationMovement, Field, Unit


class YesNoColumn(Column):
    """A boolean field as "Có" / "Không" (Wagtail would print True / False)."""

    def __init__(self, model, name, **kwargs):
        label = model._meta.get_field(name).verbose_name
        super().__init__(name, label=label, sort_key=name, **kwargs)

    def get_value(self, instance):
        return yes_no(super().get_value(instance))


class UnitIndexView(IndexView):
    """The units' list, with the Office's "Rename or merge units" button."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if is_office(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Rename or merge units"),
                    url=reverse("exemplar_stories_unit_change"),
                    icon_name="resubmit",
                )
            )
        return buttons


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    index_view_class = UnitIndexView
    list_display = [
        "name",
        "unit_type",
        YesNoColumn(Unit, "active"),
        "valid_to",
        "now_part_of",
        "sort_order",
    ]
    list_filter = ["unit_type", "active"]
    ordering = ["sort_order", "name"]


class FieldViewSet(SnippetViewSet):
    model = Field
    icon = "tag"
    list_display = ["name", "sort_order"]


class EmulationMovementViewSet(SnippetViewSet):
    model = EmulationMovement
    icon = "pick"
    list_display = ["name", "launched_by", "start_year", "end_year"]
    list_filter = ["launched_by"]


class AwardViewSet(SnippetViewSet):
    model = Award
    icon = "success"
    list_display = ["name", "level", "recipient", YesNoColumn(Award, "is_high_award"), "rank"]
    list_filter = ["level", "recipient", "is_high_award"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (UnitViewSet, FieldViewSet, EmulationMovementViewSet, AwardViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Exemplar catalogues")
    menu_name = "exemplar-taxonomy"
