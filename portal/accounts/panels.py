"""Dashboard panels of the accounts app; added from wagtail_hooks.py."""

from wagtail.admin.ui.components import Component

from exemplar_stories.models import UnitMembership

from . import conf


def is_editor_without_unit(user):
    return (
        user.is_authenticated
        and user.groups.filter(name=conf.group_name("EDITOR_GROUP")).exists()
        and not UnitMembership.objects.filter(user=user).exists()
    )


class NoUnitWarningPanel(Component):
    """For an editor whom nobody has put in a unit yet: they cannot write stories."""

    name = "portal_accounts_no_unit"
    template_name = "portal_accounts/panels/no_unit.html"
    order = 10  # first on the dashboard


class SecondFactorOfferPanel(Component):
    """For a user who may (not must) add a second factor and has none."""

    name = "portal_accounts_second_factor_offer"
    template_name = "portal_accounts/panels/second_factor_offer.html"
    order = 200
