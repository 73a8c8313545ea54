"""The consent of the person (or the head of the collective) a story is about, per purpose, and
its withdrawals (Luật Bảo vệ dữ liệu cá nhân 2025). The rules that read them are in
`access.consent`; the Office's actions in the `consent` room.

A story may have several consents over time: the newest is the one in force. A withdrawal
(whole or one scope) is kept with the consent it withdraws, as the audit entry; reinstating
means recording a new consent (and a new review: `access.stories.may_go_live`).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..core.conf import get_setting
from ..core.text import normalise_text_fields, search_key


class ConsentScope(models.TextChoices):
    PORTAL = "portal", _("Publication on the portal")
    HOME_AFFAIRS = "home_affairs", _("Sending to Sở Nội vụ")
    PHOTOS = "photos", _("Use of photos")


SCOPE_ORDER = [ConsentScope.PORTAL, ConsentScope.HOME_AFFAIRS, ConsentScope.PHOTOS]
WITHDRAW_ALL = "all"


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Signed form")
    WRITTEN_MESSAGE = "written_message", _("Written message")


class PrivateEvidenceStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT, with no URL: served only by the consent room's evidence view,
    which checks who asks. Location: EXEMPLAR_STORIES["CONSENT_EVIDENCE_ROOT"], else a
    `private/` folder beside MEDIA_ROOT (never under it)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        configured = get_setting("CONSENT_EVIDENCE_ROOT")
        if configured:
            return str(configured)
        return os.path.join(os.path.dirname(os.path.abspath(settings.MEDIA_ROOT)), "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Consent evidence has no public URL.")

    def deconstruct(self):
        return ("exemplar_stories.models.consent.PrivateEvidenceStorage", (), {})


def evidence_storage():
    return PrivateEvidenceStorage()


class StoryConsent(models.Model):
    story = models.ForeignKey(
        "exemplar_stories.StoryPage",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    given_by = models.CharField(
        _("consent given by"),
        max_length=255,
        help_text=_("The person the story is about; for a collective, its head."),
    )
    given_by_position = models.CharField(_("position"), max_length=255, blank=True)
    portal = models.BooleanField(_("publication on the portal"), default=False)
    home_affairs = models.BooleanField(_("sending to Sở Nội vụ"), default=False)
    photos = models.BooleanField(_("use of photos"), default=False)
    given_on = models.DateField(_("date given"))
    method = models.CharField(_("how it was given"), max_length=32, choices=ConsentMethod.choices)
    evidence = models.FileField(
        _("evidence (scan of the form, the message)"),
        storage=evidence_storage,
        upload_to="consent/%Y/%m/",
        blank=True,
        max_length=255,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    given_by_key = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.given_by} ({self.given_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        normalise_text_fields(self, strip_controls=True)
        self.given_by_key = search_key(self.given_by).strip()
        super().save(*args, **kwargs)

    def given_scopes(self):
        return {scope for scope in SCOPE_ORDER if getattr(self, scope.value)}

    @cached_property
    def withdrawn_scopes(self):
        withdrawn = set()
        for scope in self.withdrawals.values_list("scope", flat=True):
            withdrawn |= set(SCOPE_ORDER) if scope == WITHDRAW_ALL else {ConsentScope(scope)}
        return withdrawn

    def effective_scopes(self):
        """What the consent still covers: the scopes given, less those withdrawn."""
        return self.given_scopes() - self.withdrawn_scopes


class ConsentWithdrawal(models.Model):
    """The audit entry of a withdrawal: who recorded it, when, which scope, why."""

    consent = models.ForeignKey(
        StoryConsent,
        verbose_name=_("consent"),
        on_delete=models.CASCADE,
        related_name="withdrawals",
    )
    scope = models.CharField(
        _("scope withdrawn"),
        max_length=32,
        choices=[(WITHDRAW_ALL, _("All of it")), *ConsentScope.choices],
    )
    reason = models.TextField(_("reason"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), default=timezone.now)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("consent withdrawal")
        verbose_name_plural = _("consent withdrawals")

    def __str__(self):
        return f"{self.consent} − {self.get_scope_display()}"
