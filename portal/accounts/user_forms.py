"""Wagtail's user forms with the user's unit (UnitMembership) beside their role groups."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from exemplar_stories.models import Unit, UnitMembership

from . import conf


class UnitFormMixin(forms.ModelForm):
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Unit"),
        help_text=_(
            "The unit this user writes for. Required for the editors' group (Biên tập viên); "
            "optional for the Office."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        membership = (
            UnitMembership.objects.filter(user=self.instance).select_related("unit").first()
            if self.instance.pk
            else None
        )
        units = Unit.objects.filter(active=True)
        if membership:  # a unit since made inactive stays selectable for its members
            units = Unit.objects.filter(pk=membership.unit_id) | units
        self.fields["unit"].queryset = units.order_by("sort_order", "name")
        if membership:
            self.fields["unit"].initial = membership.unit_id

    def clean(self):
        cleaned_data = super().clean()
        groups = cleaned_data.get("groups")
        if groups is None:  # not on the form (a user editing themselves): keep their groups
            groups = self.instance.groups.all() if self.instance.pk else []
        editor_group = conf.group_name("EDITOR_GROUP")
        if any(g.name == editor_group for g in groups) and not cleaned_data.get("unit"):
            self.add_error(
                "unit", _("An editor (%(group)s) needs a unit.") % {"group": editor_group}
            )
        return cleaned_data

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            self.save_unit(user)
        return user

    def save_unit(self, user):
        unit = self.cleaned_data.get("unit")
        if unit is None:
            UnitMembership.objects.filter(user=user).delete()
        else:
            UnitMembership.objects.update_or_create(user=user, defaults={"unit": unit})


class AccountUserCreationForm(UnitFormMixin, UserCreationForm):
    pass


class AccountUserEditForm(UnitFormMixin, UserEditForm):
    pass
