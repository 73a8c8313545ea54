"""The syndication delivery log in the admin (wagtail-modeladmin), for the Office only.

Read-only rows with their attempts, last answer and next attempt; filters by status, event,
date and story; search; a "Resend" action; a banner and a "Re-enable" button after a 410.
Who may do what is decided by `access` (the Office only); wagtail_hooks.py only registers it.
"""

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import re_path
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_POST
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin

from ..access.admin import DeclaredLookupsIndexView, OfficeReadOnlyPermissionHelper
from ..access.roles import is_office
from ..models import SyndicationDelivery
from . import config, outbox, services

# Django's date filter (`created_at` below) asks gettext for its choices, whose translations
# are in the catalog of django.contrib.admin, an app a Wagtail site does not install: ours
# holds them (marked here, so that makemessages keeps them).
DATE_FILTER_CHOICES = (
    gettext_noop("Any date"),
    gettext_noop("Today"),
    gettext_noop("Past 7 days"),
    gettext_noop("This month"),
    gettext_noop("This year"),
    gettext_noop("No date"),
    gettext_noop("Has date"),
)


def _when(moment):
    return date_format(localtime(moment), "SHORT_DATETIME_FORMAT") if moment else "—"


class DeliveryButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if is_office(self.request.user) and "resend" not in (exclude or []):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("resend", obj.pk),
                    "label": _("Resend"),
                    "classname": self.finalise_classname(classnames_add or [], classnames_exclude),
                    "title": _("Send this story to Sở Nội vụ again"),
                }
            )
        return buttons


class DeliveryStoryFilter(SimpleListFilter):
    """The log's filter by story (not the index's `StoryIndexFilterForm`)."""

    title = gettext_lazy("story")
    parameter_name = "story"

    def lookups(self, request, model_admin):
        recent = (
            SyndicationDelivery.objects.order_by("-pk")
            .values_list("story_uuid", "story_title")
            .distinct()[:500]
        )
        seen, choices = set(), []
        for story_uuid, title in recent:
            if story_uuid not in seen and len(choices) < 50:
                seen.add(story_uuid)
                choices.append((str(story_uuid), title))
        return choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(story_uuid=self.value())
        return queryset


class SyndicationDeliveryAdmin(ModelAdmin):
    model = SyndicationDelivery
    menu_label = gettext_lazy("Syndication log")
    menu_icon = "resubmit"
    menu_order = 900
    add_to_settings_menu = False
    permission_helper_class = OfficeReadOnlyPermissionHelper
    button_helper_class = DeliveryButtonHelper
    index_view_class = DeclaredLookupsIndexView
    inspect_view_enabled = True
    index_template_name = "exemplar_stories/modeladmin/syndication_index.html"
    index_view_extra_css = ["exemplar_stories/css/modeladmin-list.css"]
    list_display = (
        "created",
        "story_title",
        "event",
        "status",
        "attempts",
        "last_status_code",
        "response_excerpt",
        "next_attempt",
    )
    list_filter = ("status", "event", "created_at", DeliveryStoryFilter)
    search_fields = ("story_title", "webhook_id", "story_uuid")
    inspect_view_fields = (
        "webhook_id",
        "event",
        "story_title",
        "story_uuid",
        "page",
        "status",
        "attempts",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "url",
        "last_status_code",
        "last_error",
        "last_response",
        "body",
    )

    def created(self, obj):
        return _when(obj.created_at)

    created.short_description = gettext_lazy("created")
    created.admin_order_field = "created_at"

    def next_attempt(self, obj):
        return "—" if obj.is_final else _when(obj.next_attempt_at)

    next_attempt.short_description = gettext_lazy("next attempt")

    def response_excerpt(self, obj):
        text = obj.last_error or obj.last_response
        return text[:120] + ("…" if len(text) > 120 else "")

    response_excerpt.short_description = gettext_lazy("last answer")

    def get_admin_urls_for_registration(self):
        helper = self.url_helper
        return (
            *super().get_admin_urls_for_registration(),
            re_path(
                helper.get_action_url_pattern("resend"),
                self.resend_view,
                name=helper.get_action_url_name("resend"),
            ),
            re_path(
                helper._get_action_url_pattern("reenable"),
                self.reenable_view,
                name=helper.get_action_url_name("reenable"),
            ),
        )

    def resend_view(self, request, instance_pk):
        if not is_office(request.user):
            raise PermissionDenied
        delivery = get_object_or_404(SyndicationDelivery, pk=unquote(instance_pk))
        if request.method == "POST":
            fresh = outbox.resend(delivery=delivery)
            if fresh is None and not config.is_enabled():
                messages.error(request, _("Syndication is not configured."))
            elif fresh is None:
                messages.info(request, _("Nothing to send: this story never went out."))
            else:
                messages.success(
                    request,
                    _("“%(title)s” will be sent again (%(event)s).")
                    % {"title": delivery.story_title, "event": fresh.get_event_display()},
                )
            return redirect(self.url_helper.index_url)
        return TemplateResponse(
            request,
            "exemplar_stories/modeladmin/syndication_resend.html",
            {"delivery": delivery, "index_url": self.url_helper.index_url},
        )

    def reenable_view(self, request):
        if not is_office(request.user):
            raise PermissionDenied
        return require_POST(self._reenable)(request)

    def _reenable(self, request):
        services.reenable_target()
        messages.success(request, _("Syndication re-enabled: waiting deliveries are being sent."))
        return redirect(self.url_helper.index_url)
