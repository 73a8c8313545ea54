"""Wagtail's user and group views, with the unit on the user form and every change logged
with the fields that changed (old → new). Registered by apps.WagtailUsersConfig."""

from django.contrib.auth import update_session_auth_hash
from wagtail.actions.edit import EditAction
from wagtail.log_actions import log
from wagtail.users.views import groups as wagtail_groups
from wagtail.users.views import users as wagtail_users

from .changes import diff, group_snapshot, user_snapshot
from .user_forms import AccountUserCreationForm, AccountUserEditForm

CHANGED = "portal_accounts.changed"


class UserCreateView(wagtail_users.CreateView):
    def save_instance(self):
        instance = super().save_instance()  # logs wagtail.create
        changes = diff({}, user_snapshot(instance))
        log(instance=instance, action=CHANGED, user=self.request.user, data={"changes": changes})
        return instance


class UserEditView(wagtail_users.EditView):
    def save_instance(self):
        before = user_snapshot(self.object)
        EditAction(
            self.form.instance, user=self.request.user, form=self.form, log_action=False
        ).execute(skip_permission_checks=True)
        instance = self.form.instance
        if self.object == self.request.user and "password1" in self.form.changed_data:
            update_session_auth_hash(self.request, self.object)
        changes = diff(before, user_snapshot(instance))
        log(
            instance=instance,
            action=CHANGED,
            user=self.request.user,
            data={"changes": changes},
            content_changed=bool(changes),
        )
        return instance


class UserViewSet(wagtail_users.UserViewSet):
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    # Wagtail's templates with the unit field added (block extra_fields).
    create_template_name = "portal_accounts/users/create.html"
    edit_template_name = "portal_accounts/users/edit.html"

    def get_form_class(self, for_update=False):
        return AccountUserEditForm if for_update else AccountUserCreationForm


class GroupChangesMixin:
    """The group form and its permission panels are saved one after the other
    (PermissionPanelFormsMixin.process_form): the change is logged once both are."""

    def process_form(self):
        before = group_snapshot(getattr(self, "object", None))
        self._saved = False
        response = super().process_form()
        if self._saved:
            changes = diff(before, group_snapshot(self.object))
            log(
                instance=self.object,
                action=CHANGED,
                user=self.request.user,
                data={"changes": changes},
                content_changed=bool(changes),
            )
        return response


class GroupCreateView(GroupChangesMixin, wagtail_groups.CreateView):
    def save_instance(self):
        instance = super().save_instance()  # logs wagtail.create
        self._saved = True
        return instance


class GroupEditView(GroupChangesMixin, wagtail_groups.EditView):
    def save_instance(self):
        EditAction(
            self.form.instance, user=self.request.user, form=self.form, log_action=False
        ).execute(skip_permission_checks=True)
        self._saved = True
        return self.form.instance


class GroupViewSet(wagtail_groups.GroupViewSet):
    add_view_class = GroupCreateView
    edit_view_class = GroupEditView
