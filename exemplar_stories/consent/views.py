"""The consent screens in the admin: a story's consent (record, withdraw), its evidence file
(the only way to it), and the Office's export of what is held about one person. Who may do
what is asked of `access.consent`; the work is done by `services`."""

import mimetypes
import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access.consent import (
    current_consent,
    may_export_personal_data,
    may_record_consent,
    may_see_evidence,
    may_withdraw,
    missing_scopes,
)
from ..core.spreadsheets import XLSX_CONTENT_TYPE
from ..models import StoryConsent, StoryPage
from . import exports, selectors, services
from .forms import ConsentForm, WithdrawalForm


def _story_for(request, page_id):
    story = get_object_or_404(StoryPage, pk=page_id).specific
    if not may_record_consent(request.user, story):
        raise PermissionDenied
    return story


def story_consent(request, page_id):
    story = _story_for(request, page_id)
    form = ConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.record_consent(story=story, user=request.user, **form.cleaned_data)
        messages.success(request, _("The consent is recorded."))
        return redirect("exemplar_stories_consent:story", page_id=story.pk)
    consents = list(story.consents.select_related("recorded_by").prefetch_related("withdrawals"))
    return TemplateResponse(
        request,
        "exemplar_stories/consent/story.html",
        {
            "page_title": _("Consent: %(title)s") % {"title": story.title},
            "header_title": _("Consent: %(title)s") % {"title": story.title},
            "story": story,
            "consent": current_consent(story),
            "consents": consents,
            "missing": missing_scopes(story, story.get_latest_revision()),
            "form": form,
            "withdrawal_form": WithdrawalForm() if may_withdraw(request.user) else None,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def withdraw(request, page_id):
    if not may_withdraw(request.user):
        raise PermissionDenied
    story = get_object_or_404(StoryPage, pk=page_id).specific
    form = WithdrawalForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("exemplar_stories_consent:story", page_id=story.pk)
    try:
        services.withdraw_consent(
            story=story,
            scope=form.cleaned_data["scope"],
            reason=form.cleaned_data["reason"],
            user=request.user,
        )
    except services.NoConsent:
        messages.error(request, _("There is no consent in force to withdraw."))
    else:
        messages.success(request, _("The withdrawal is recorded and carried out."))
    return redirect("exemplar_stories_consent:story", page_id=story.pk)


def evidence(request, consent_id):
    """The evidence file, to the Office and the story's unit editors only (404 for anyone else:
    not even whether it exists)."""
    consent = StoryConsent.objects.select_related("story").filter(pk=consent_id).first()
    if consent is None or not consent.evidence or not may_see_evidence(request.user, consent):
        raise Http404
    try:
        handle = consent.evidence.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    name = os.path.basename(consent.evidence.name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def personal_data(request):
    if not may_export_personal_data(request.user):
        raise PermissionDenied
    name = (request.GET.get("q") or "").strip()[:255]
    data = selectors.personal_data(name) if name else None
    if data is not None and request.GET.get("format") == "xlsx":
        response = HttpResponse(exports.personal_data_xlsx(data), content_type=XLSX_CONTENT_TYPE)
        filename = "du-lieu-ca-nhan-" + data["key"].replace(" ", "-")[:60] + ".xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
    return TemplateResponse(
        request,
        "exemplar_stories/consent/personal_data.html",
        {
            "page_title": _("Personal data held about a person"),
            "header_title": _("Personal data held about a person"),
            "name": name,
            "data": data,
            "export_url": reverse("exemplar_stories_consent:personal_data"),
        },
    )
