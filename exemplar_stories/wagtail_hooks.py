"""Registration only: the admin pieces themselves live in viewsets.py, modeladmin/ and friends."""

from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from .modeladmin.registrations import RegistrationsGroup
from .viewsets import TaxonomyViewSetGroup

register_snippet(TaxonomyViewSetGroup)
modeladmin_register(RegistrationsGroup)
