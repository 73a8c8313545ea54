"""The Office's "Rename or merge units" screen: one form, one call to
`taxonomy.services.record_unit_change`. Stories and registrations are never touched."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput

from ..access.admin import OfficeOnlyMixin
from ..models import Unit, UnitChangeKind
from ..models.unit_history import recorded_changes
from .services import record_unit_change


class UnitChangeForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Units that change"),
        queryset=Unit.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose the unit or units that change.")},
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind of change"), choices=UnitChangeKind.choices)
    successor = forms.ModelChoiceField(
        label=gettext_lazy("Into an existing unit"),
        queryset=Unit.objects.filter(active=True),
        required=False,
    )
    new_names = forms.CharField(
        label=gettext_lazy("Or into new units (one name per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    effective_date = forms.DateField(
        label=gettext_lazy("In force from"),
        widget=AdminDateInput,
        error_messages={
            "required": gettext_lazy("Give the date the change comes into force."),
            "invalid": gettext_lazy("Enter a date such as 01/07/2025."),
        },
    )
    decision_number = forms.CharField(
        label=gettext_lazy("Decision number"),
        max_length=255,
        help_text=gettext_lazy("e.g. 202/2025/QH15"),
        error_messages={
            "required": gettext_lazy("Give the number of the decision that makes the change.")
        },
    )
    decision_date = forms.DateField(
        label=gettext_lazy("Decision date"),
        widget=AdminDateInput,
        required=False,
        error_messages={"invalid": gettext_lazy("Enter a date such as 01/07/2025.")},
    )
    issued_by = forms.CharField(label=gettext_lazy("Issued by"), max_length=255, required=False)

    def successors(self):
        names = [line.strip() for line in self.cleaned_data["new_names"].splitlines()]
        chosen = [self.cleaned_data["successor"]] if self.cleaned_data["successor"] else []
        return chosen + [name for name in names if name]


RECENT_CHANGES = 100


class UnitChangeView(OfficeOnlyMixin, WagtailAdminTemplateMixin, FormView):
    page_title = gettext_lazy("Rename or merge units")
    header_icon = "group"
    template_name = "exemplar_stories/taxonomy/unit_change.html"
    form_class = UnitChangeForm

    def get_breadcrumbs_items(self):
        items = [{"url": reverse("wagtailadmin_home"), "label": _("Home")}]
        # The units' list only for those who may open it (the Office may not, by default).
        if self.request.user.has_perm("exemplar_stories.view_unit"):
            items.append(
                {"url": reverse("wagtailsnippets_exemplar_stories_unit:list"), "label": _("Units")}
            )
        return [*items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        # What has been recorded, newest first: the Office sees its change land, and its basis.
        return super().get_context_data(recorded_changes=recorded_changes(RECENT_CHANGES), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            recorded = record_unit_change(
                units=data["units"],
                kind=data["kind"],
                successors=form.successors(),
                effective_date=data["effective_date"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                issued_by=data["issued_by"],
                user=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The change is recorded (%(n)s units); their stories keep the old names.")
            % {"n": recorded.former_units},
        )
        if recorded.editors_moved:
            messages.info(
                self.request,
                ngettext(
                    "%(n)s account of the former units now belongs to %(unit)s.",
                    "%(n)s accounts of the former units now belong to %(unit)s.",
                    recorded.editors_moved,
                )
                % {"n": recorded.editors_moved, "unit": recorded.changes[0].successor.name},
            )
        if recorded.editors_left:
            messages.warning(
                self.request,
                ngettext(
                    "%(n)s account still belongs to the former unit: attach it to one of "
                    "the successors in Users.",
                    "%(n)s accounts still belong to the former unit: attach each to one of "
                    "the successors in Users.",
                    recorded.editors_left,
                )
                % {"n": recorded.editors_left},
            )
        return redirect(self.request.path)
