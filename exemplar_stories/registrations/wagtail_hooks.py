"""Registrations in the admin: the registrations and registration years (modeladmin)."""

from wagtail_modeladmin.options import modeladmin_register

from .admin import RegistrationsGroup

modeladmin_register(RegistrationsGroup)
