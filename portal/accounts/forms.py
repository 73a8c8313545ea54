"""Forms of the second factor, and the user form's unit."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """The second step: a code from the authenticator app, or a recovery code."""

    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "The 6-digit code shown by your authenticator app, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class TOTPSetupForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the app"),
        max_length=8,
        help_text=_("Type the 6-digit code the app shows after adding the account."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
