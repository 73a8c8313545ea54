"""Admin viewsets for the plan's taxonomy; registered from taxonomy/wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..core.text import yes_no
from ..models import Award, EmulationMovement, Field, Unit


class YesNoColumn(Column):
    """A boolean field as "Có" / "Không" (Wagtail would print True / False)."""

    def __init__(self, model, name, **kwargs):
        label = model._meta.get_field(name).verbose_name
        super().__init__(name, label=label, sort_key=name, **kwargs)

    def get_value(self, instance):
        return yes_no(super().get_value(instance))


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    list_display = ["name", "unit_type", YesNoColumn(Unit, "active"), "sort_order"]
    list_filter = ["unit_type", "active"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class FieldViewSet(SnippetViewSet):
    model = Field
    icon = "tag"
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class EmulationMovementViewSet(SnippetViewSet):
    model = EmulationMovement
    icon = "pick"
    list_display = ["name", "launched_by", "start_year", "end_year"]
    list_filter = ["launched_by"]
    search_fields = ["name"]


class AwardViewSet(SnippetViewSet):
    model = Award
    icon = "success"
    list_display = ["name", "level", "recipient", YesNoColumn(Award, "is_high_award"), "rank"]
    list_filter = ["level", "recipient", "is_high_award"]
    search_fields = ["name"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (UnitViewSet, FieldViewSet, EmulationMovementViewSet, AwardViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Exemplar catalogues")
    menu_name = "exemplar-taxonomy"
