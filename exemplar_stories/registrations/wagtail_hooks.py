"""Registrations in the admin: the registrations and registration years (modeladmin), and how
a status change reads in a registration's history."""

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from .admin import RegistrationsGroup
from .history import StatusChangeFormatter
from .services import STATUS_CHANGED

modeladmin_register(RegistrationsGroup)


@hooks.register("register_log_actions")
def register_status_change(actions):
    actions.register_action(STATUS_CHANGED)(StatusChangeFormatter)
