"""Django's name for the consent room's tag library (consent/template_tags.py)."""

from ..consent.template_tags import register  # noqa: F401
