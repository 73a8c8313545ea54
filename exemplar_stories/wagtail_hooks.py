"""Registration only: the admin pieces themselves live in viewsets.py and friends."""

from wagtail.snippets.models import register_snippet

from .viewsets import TaxonomyViewSetGroup

register_snippet(TaxonomyViewSetGroup)
