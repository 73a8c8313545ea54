"""The plan's catalogues (units, fields, movements, awards) as one snippets menu."""

from wagtail.snippets.models import register_snippet

from .viewsets import TaxonomyViewSetGroup

register_snippet(TaxonomyViewSetGroup)
