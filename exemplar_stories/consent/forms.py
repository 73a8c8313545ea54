"""The consent forms: recording a consent (with its optional evidence file) and withdrawing it."""

import os

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..core.conf import get_setting
from ..core.quarters import PORTAL_TZ
from ..models import WITHDRAW_ALL, ConsentScope, StoryConsent

EVIDENCE_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png"}


class ConsentForm(forms.ModelForm):
    class Meta:
        model = StoryConsent
        fields = [
            "given_by",
            "given_by_position",
            "portal",
            "home_affairs",
            "photos",
            "given_on",
            "method",
            "evidence",
        ]
        widgets = {"given_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on and given_on > timezone.now().astimezone(PORTAL_TZ).date():
            raise forms.ValidationError(_("The date of the consent cannot be in the future."))
        return given_on

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if not evidence:
            return evidence
        extension = os.path.splitext(evidence.name)[1].lower()
        if extension not in EVIDENCE_EXTENSIONS:
            raise forms.ValidationError(_("The evidence must be a PDF, JPEG or PNG file."))
        if evidence.size > get_setting("CONSENT_EVIDENCE_MAX_BYTES"):
            raise forms.ValidationError(_("The evidence file is too large."))
        return evidence

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(scope.value) for scope in ConsentScope):
            raise forms.ValidationError(_("Tick at least one purpose the person agreed to."))
        return cleaned


class WithdrawalForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("What is withdrawn"),
        choices=[(WITHDRAW_ALL, _("All of it")), *ConsentScope.choices],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the consent is withdrawn."))
        return reason
