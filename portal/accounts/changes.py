"""What changed on a user or a group, field by field (old → new), for Wagtail's log.

A snapshot is a dict of label → readable value; `diff` lists the labels whose values differ.
The log entries (`portal_accounts.changed`) keep the list in `data["changes"]`, and
wagtail_hooks registers how they read in the history (formatters below)."""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter

EMPTY = "—"


def _yes_no(value):
    return _("yes") if value else _("no")


def _names(items):
    return ", ".join(sorted(str(item) for item in items)) or EMPTY


def user_snapshot(user):
    """The fields the admin's user form changes, the unit and the role groups included."""
    if user is None or user.pk is None:
        return {}
    from exemplar_stories.models import UnitMembership

    user = type(user)._default_manager.get(pk=user.pk)  # as stored, not as the form left it
    membership = UnitMembership.objects.filter(user=user).select_related("unit").first()
    unit = membership.unit if membership else None
    return {
        "username": (_("Username"), user.get_username()),
        "email": (_("Email"), user.email or EMPTY),
        "first_name": (_("First name"), user.first_name or EMPTY),
        "last_name": (_("Last name"), user.last_name or EMPTY),
        "is_active": (_("Active"), _yes_no(user.is_active)),
        "is_superuser": (_("Administrator"), _yes_no(user.is_superuser)),
        "groups": (_("Groups"), _names(user.groups.all())),
        "unit": (_("Unit"), str(unit) if unit else EMPTY),
        "password": (_("Password"), user.password),
    }


def group_snapshot(group):
    if group is None or group.pk is None:
        return {}
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    group = type(group)._default_manager.get(pk=group.pk)
    permissions = Permission.objects.filter(group=group).select_related("content_type")
    pages = GroupPagePermission.objects.filter(group=group).select_related("page", "permission")
    collections = GroupCollectionPermission.objects.filter(group=group).select_related(
        "collection", "permission"
    )
    return {
        "name": (_("Name"), group.name),
        "permissions": (
            _("Object permissions"),
            _names(f"{p.content_type.app_label}.{p.codename}" for p in permissions),
        ),
        "page_permissions": (
            _("Page permissions"),
            _names(f"{p.page.title}: {p.permission.codename}" for p in pages),
        ),
        "collection_permissions": (
            _("Collection permissions"),
            _names(f"{p.collection.name}: {p.permission.codename}" for p in collections),
        ),
    }


def diff(before, after):
    """[{"field": key, "label": …, "old": …, "new": …}] for every value that changed; a
    password is never written down, only that it changed."""
    changes = []
    for key, (label, new) in after.items():
        old = before.get(key, (label, EMPTY))[1]
        if old == new:
            continue
        if key == "password":
            old, new = "", _("(changed)")
        changes.append({"field": key, "label": str(label), "old": str(old), "new": str(new)})
    return changes


def describe(changes):
    if not changes:
        return _("No field changed")
    parts = []
    for change in changes:
        if change["field"] == "password":
            parts.append(_("%(label)s changed") % {"label": change["label"]})
        else:
            parts.append(
                _("%(label)s: %(old)s → %(new)s")
                % {"label": change["label"], "old": change["old"], "new": change["new"]}
            )
    return "; ".join(parts)


class ChangedFormatter(LogFormatter):
    label = gettext_lazy("Changed (fields)")

    def format_message(self, log_entry):
        return _("Changed: %(changes)s") % {
            "changes": describe((log_entry.data or {}).get("changes", []))
        }


class SecondFactorResetFormatter(LogFormatter):
    label = gettext_lazy("Second factor reset")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _(
            "Second factor reset: %(totp)s authenticator app(s), %(passkey)s passkey(s) and "
            "the recovery codes removed"
        ) % {"totp": data.get("totp", 0), "passkey": data.get("passkey", 0)}


class DeviceAddedFormatter(LogFormatter):
    label = gettext_lazy("Second factor added")

    def format_message(self, log_entry):
        from .devices import device_label

        return _("Second factor added: %(kind)s") % {
            "kind": device_label((log_entry.data or {}).get("kind"))
        }


class DeviceRemovedFormatter(LogFormatter):
    label = gettext_lazy("Second factor removed")

    def format_message(self, log_entry):
        from .devices import device_label

        return _("Second factor removed: %(kind)s") % {
            "kind": device_label((log_entry.data or {}).get("kind"))
        }


class DisabledDormantFormatter(LogFormatter):
    label = gettext_lazy("Disabled as dormant")

    def format_message(self, log_entry):
        return _("Disabled: not used for %(days)s days") % {
            "days": (log_entry.data or {}).get("days", "?")
        }
