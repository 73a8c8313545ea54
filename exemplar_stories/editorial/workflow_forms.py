"""The Office's review task asks for a comment when it requests changes."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm


class RequestChangesForm(TaskStateCommentForm):
    """ "Request changes" must say what to change: the editor acts on the comment."""

    comment = forms.CharField(
        label=_("What should be changed"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=True,
        error_messages={"required": _("Say what the editor should change.")},
    )
