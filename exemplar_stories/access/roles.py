"""Who is who in the editorial flow: unit editors and the Office (Văn phòng Sở).

Group names come from settings (EXEMPLAR_STORIES["EDITOR_GROUP"] / ["REVIEWER_GROUP"]), so an
install can rename them; everything else asks these functions rather than comparing names.
"""

from django.contrib.auth import get_user_model

from ..core.conf import get_setting
from ..models.unit_history import predecessor_ids


def _in_group(user, setting):
    """Whether the user is in the group a setting names. The user's group names are read once
    per user object (a request): every row of an admin listing asks is_office and is_editor,
    and asking the database each time made an editor's explorer of 8 stories 103 queries."""
    if not user or not user.is_authenticated:
        return False
    names = getattr(user, "_exemplar_group_names", None)
    if names is None:
        names = user._exemplar_group_names = frozenset(user.groups.values_list("name", flat=True))
    return get_setting(setting) in names


def is_office(user):
    """Office reviewers and superusers act on every unit's stories."""
    return bool(
        user and user.is_authenticated and (user.is_superuser or _in_group(user, "REVIEWER_GROUP"))
    )


def is_editor(user):
    return _in_group(user, "EDITOR_GROUP")


def unit_of(user):
    """The unit an editor writes for, or None (Office staff may have one too). None, an
    anonymous visitor and a user without a membership have none (the reverse accessor's
    "does not exist" is an AttributeError)."""
    membership = getattr(user, "unit_membership", None)
    return membership.unit if membership else None


def unit_scope(user):
    """Ids of the units whose stories, consents and registrations the user's unit holds: the
    unit itself and every former unit that became it through a recorded merger, rename or
    split (`UnitChange`), so that a successor keeps what its predecessors wrote. Empty for a
    user with no unit. Asked once per user object (a request), as every admin row asks it."""
    cached = getattr(user, "_exemplar_unit_scope", None)
    if cached is not None:
        return cached
    unit = unit_of(user)
    scope = frozenset() if unit is None else frozenset({unit.pk} | predecessor_ids([unit.pk]))
    if user is not None and user.is_authenticated:
        user._exemplar_unit_scope = scope
    return scope


def office_emails():
    """Email addresses of the Office's active members (the quarterly duty's alert)."""
    return list(
        get_user_model()
        .objects.filter(groups__name=get_setting("REVIEWER_GROUP"), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
