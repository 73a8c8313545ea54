"""Admin screens for registrations, built with wagtail-modeladmin (kept in this package so they
can be replaced later without touching the rest): the list with spreadsheet export, the form,
the import, the template to download, the roadmap to high awards, and the registration years.

Permissions are decided by `access` (access/registrations.py, access/admin.py); this module
only asks.
"""

from collections import OrderedDict

from django import forms
from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import unquote
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import re_path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import CreateView, EditView, WMABaseView

from ..access import registrations as permissions
from ..access.admin import (
    DeclaredLookupsIndexView,
    OfficeOnlyPermissionHelper,
    RegistrationPermissionHelper,
)
from ..core.params import chosen_year
from ..core.quarters import PORTAL_TZ
from ..core.spreadsheets import XLSX_CONTENT_TYPE, csv_safe
from ..core.text import yes_no
from ..models import Registration, RegistrationYear, StoryPage, Unit
from . import services, spreadsheets
from .roadmap import roadmap


class UnitFilter(SimpleListFilter):
    """Django's related-field filter needs django.contrib.admin installed; this one does not."""

    title = gettext_lazy("unit")
    parameter_name = "unit"

    def lookups(self, request, model_admin):
        units = Unit.objects.filter(registrations__isnull=False).distinct()
        return [(str(unit.pk), unit.name) for unit in units]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(unit_id=int(value))
        return queryset


# --- the form ------------------------------------------------------------------------------


class RegistrationForm(WagtailAdminModelForm):
    """Limits units and stories to what the user may choose; checks the closed year and the
    one-registration-per-nominee rule (names compared without case or diacritics)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        access = permissions.access_for(self.for_user)
        stories = StoryPage.objects.all()
        if not access.office:
            # New registrations are written for the editor's unit; one inherited from a former
            # unit keeps the unit it was written for.
            units = {access.unit_id}
            if self.instance.pk and self.instance.unit_id in access.unit_ids:
                units.add(self.instance.unit_id)
            self.fields["unit"].queryset = Unit.objects.filter(pk__in=units)
            self.fields["unit"].empty_label = None
            stories = stories.filter(unit_id__in=access.unit_ids)
        if "story" in self.fields:
            self.fields["story"].queryset = stories.order_by("-first_published_at", "title")
        if not self.instance.pk:
            self.fields["year"].initial = timezone.now().astimezone(PORTAL_TZ).year
        if "status" in self.fields and not access.office:
            current = self.instance.status if self.instance.pk else None
            self.fields["status"].choices = [
                (value, label)
                for value, label in self.fields["status"].choices
                if permissions.may_set_status(self.for_user, value, current=current)
            ]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        current = self.instance.status if self.instance.pk else None
        if status and not permissions.may_set_status(self.for_user, status, current=current):
            self.add_error("status", permissions.status_refusal())
        unit, year = cleaned.get("unit"), cleaned.get("year")
        name = cleaned.get("nominee_name")
        if unit is None or year is None:
            return cleaned
        if not permissions.can_register(self.for_user, unit_id=unit.pk, year=year):
            self.add_error(
                None, permissions.refusal_reason(self.for_user, unit_id=unit.pk, year=year)
            )
        if name:
            duplicates = Registration.objects.same_nominee(
                year=year, unit_id=unit.pk, name=name
            ).exclude(pk=self.instance.pk)
            if duplicates.exists():
                self.add_error(
                    "nominee_name",
                    _(
                        "This nominee is already registered for this unit in %(year)s (names "
                        "are compared without case or diacritics)."
                    )
                    % {"year": year},
                )
        return cleaned


registration_edit_handler = ObjectList(
    [
        FieldRowPanel([FieldPanel("year"), FieldPanel("unit")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("nominee_kind"), FieldPanel("nominee_name")]),
                FieldPanel("nominee_position"),
                FieldPanel("kind"),
            ],
            heading=gettext_lazy("Nominee"),
        ),
        FieldRowPanel([FieldPanel("registered_award"), FieldPanel("target_award")]),
        MultiFieldPanel(
            [
                FieldPanel("assessment_achievement"),
                FieldPanel("assessment_observance"),
                FieldPanel("assessment_compassion"),
            ],
            heading=gettext_lazy("Self-assessment against the plan's three criteria"),
        ),
        InlinePanel(
            "award_history",
            heading=gettext_lazy("Award history"),
            label=gettext_lazy("Award held"),
            panels=[
                FieldRowPanel([FieldPanel("award"), FieldPanel("year")]),
                FieldRowPanel([FieldPanel("decision_number"), FieldPanel("issuer")]),
            ],
        ),
        FieldPanel("status"),
        FieldPanel("story", widget=forms.Select),
        FieldPanel("notes"),
    ],
    base_form_class=RegistrationForm,
)


# --- views ---------------------------------------------------------------------------------


class RegistrationIndexView(DeclaredLookupsIndexView):
    """The list; its export (xlsx/csv) uses the import's columns, so the file goes back in."""

    def to_row_dict(self, item):
        row = spreadsheets.registration_row(item)
        return OrderedDict((column, row[column]) for column in self.list_export)

    def get_heading(self, queryset, field):
        return spreadsheets.heading(field)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            roadmap_url=self.url_helper.get_action_url("roadmap"),
            import_url=self.url_helper.get_action_url("import"),
            **kwargs,
        )

    def write_csv_row(self, writer, row_dict):
        return super().write_csv_row(
            writer, {column: csv_safe(value) for column, value in row_dict.items()}
        )

    def stream_csv(self, queryset):
        yield "\ufeff".encode()  # so that Excel reads the Vietnamese as UTF-8
        yield from super().stream_csv(queryset)


class LinkStoryMixin:
    """After the form saves: its status change goes into the history, then a story already
    published about the nominee is linked."""

    def form_valid(self, form):
        previous = services.stored_status(form.instance)
        response = super().form_valid(form)
        services.record_status_change(
            registration=self.instance, previous=previous, user=self.request.user
        )
        services.link_existing_story(registration=self.instance)
        return response


class RegistrationCreateView(LinkStoryMixin, CreateView):
    pass


class RegistrationEditView(LinkStoryMixin, EditView):
    pass


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class RegistrationImportView(WMABaseView):
    page_title = gettext_lazy("Import registrations")
    template_name = "exemplar_stories/registrations/import.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_create(user)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ImportForm()))

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        row_errors = []
        if form.is_valid():
            try:
                rows = spreadsheets.read_table(form.cleaned_data["file"])
            except spreadsheets.SpreadsheetError as error:
                form.add_error("file", str(error))
            else:
                report = spreadsheets.parse_registrations(rows, user=request.user)
                row_errors = report.errors
                if report.ok:
                    try:
                        created, updated = services.save_imported_registrations(
                            registrations=report.registrations, user=request.user
                        )
                    except IntegrityError:
                        form.add_error(
                            None, _("Someone changed the same registrations meanwhile; try again.")
                        )
                    else:
                        messages.success(
                            request,
                            _("Imported: %(created)s added, %(updated)s updated.")
                            % {"created": created, "updated": updated},
                        )
                        return redirect(self.index_url)
                else:
                    form.add_error(
                        None, _("Nothing was saved. Correct these rows and import the file again.")
                    )
        return self.render_to_response(self.get_context_data(form=form, row_errors=row_errors))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        url = self.url_helper.get_action_url("template")
        context.update(
            template_xlsx_url=f"{url}?format=xlsx",
            template_csv_url=f"{url}?format=csv",
            columns=spreadsheets.headings(),
            required=[spreadsheets.heading(c) for c in spreadsheets.REQUIRED_COLUMNS],
        )
        return context


class RegistrationTemplateView(WMABaseView):
    """The empty list to fill in, as .xlsx (with a sheet of accepted values) or .csv."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_create(user)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            content, content_type, extension = spreadsheets.template_csv(), "text/csv", "csv"
        else:
            content = spreadsheets.template_xlsx()
            content_type, extension = XLSX_CONTENT_TYPE, "xlsx"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="dang-ky-dien-hinh.{extension}"'
        return response


class RoadmapView(WMABaseView):
    page_title = gettext_lazy("Road to high awards")
    template_name = "exemplar_stories/registrations/roadmap.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_list(user)

    @cached_property
    def visible(self):
        return permissions.visible_registrations(self.request.user)

    def get_context_data(self, **kwargs):
        years = list(self.visible.order_by("-year").values_list("year", flat=True).distinct())
        year = chosen_year(self.request.GET.get("year", ""), years)
        registrations = (
            self.visible.filter(year=year)
            .select_related("unit", "registered_award", "target_award")
            .order_by("unit__sort_order", "unit__name", "nominee_name")
        )
        return super().get_context_data(
            years=years, year=year, entries=roadmap(registrations), **kwargs
        )


# --- registration ----------------------------------------------------------------------------


class RegistrationAdmin(ModelAdmin):
    model = Registration
    menu_label = gettext_lazy("Registrations")
    menu_icon = "list-ul"
    permission_helper_class = RegistrationPermissionHelper
    index_view_class = RegistrationIndexView
    create_view_class = RegistrationCreateView
    edit_view_class = RegistrationEditView
    edit_handler = registration_edit_handler
    list_display = (
        "nominee_name",
        "year",
        "unit_label",
        "kind",
        "registered_award",
        "status",
        "story_link",
    )
    list_filter = ("year", "status", "kind", UnitFilter)
    list_select_related = ("unit", "registered_award", "story")
    list_export = spreadsheets.EXPORT_COLUMNS
    search_fields = ("nominee_name", "nominee_position")
    export_filename = "dang-ky-dien-hinh"
    index_template_name = "exemplar_stories/registrations/index.html"
    index_view_extra_css = ["exemplar_stories/css/modeladmin-list.css"]

    def get_queryset(self, request):
        return permissions.visible_registrations(request.user, super().get_queryset(request))

    def get_list_filter(self, request):
        if permissions.access_for(request.user).office:
            return self.list_filter
        return tuple(f for f in self.list_filter if f is not UnitFilter)

    def unit_label(self, obj):
        """The unit as it was in the registration's year, with "nay là …"."""
        return obj.unit.label

    unit_label.short_description = gettext_lazy("unit")
    unit_label.admin_order_field = "unit__name"

    def story_link(self, obj):
        if not obj.story_id:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.story.url or "#", obj.story.title)

    story_link.short_description = gettext_lazy("published story")

    def history_view(self, request, instance_pk):
        # wagtail-modeladmin's history view checks nothing: only who sees the row sees its history
        pk = unquote(instance_pk)
        visible = permissions.visible_registrations(request.user)
        if not str(pk).isdigit() or not visible.filter(pk=int(pk)).exists():
            raise Http404
        return super().history_view(request, instance_pk)

    def import_view(self, request):
        return RegistrationImportView.as_view(model_admin=self)(request)

    def template_view(self, request):
        return RegistrationTemplateView.as_view(model_admin=self)(request)

    def roadmap_view(self, request):
        return RoadmapView.as_view(model_admin=self)(request)

    def get_admin_urls_for_registration(self):
        urls = super().get_admin_urls_for_registration()
        extra = []
        for action, view in (
            ("import", self.import_view),
            ("template", self.template_view),
            ("roadmap", self.roadmap_view),
        ):
            extra.append(
                re_path(
                    self.url_helper._get_action_url_pattern(action),
                    view,
                    name=self.url_helper.get_action_url_name(action),
                )
            )
        return (*urls, *extra)


class RegistrationYearAdmin(ModelAdmin):
    model = RegistrationYear
    menu_label = gettext_lazy("Registration years")
    menu_icon = "date"
    permission_helper_class = OfficeOnlyPermissionHelper
    index_view_class = DeclaredLookupsIndexView
    list_display = ("year", "closed_label", "closed_at")
    panels = [FieldPanel("year"), FieldPanel("closed")]

    def closed_label(self, obj):
        """ "Có" / "Không", not Django admin's icons (absent here: 404) with alt "True"."""
        return yes_no(obj.closed)

    closed_label.short_description = RegistrationYear._meta.get_field("closed").verbose_name
    closed_label.admin_order_field = "closed"


class RegistrationsGroup(ModelAdminGroup):
    menu_label = gettext_lazy("Registrations")
    menu_icon = "list-ul"
    menu_order = 250
    items = (RegistrationAdmin, RegistrationYearAdmin)
