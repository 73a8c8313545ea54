"""`{% load exemplar_tags %}`: Django finds tag libraries only in an app's `templatetags/`, so
this name stays here; the tags live with the public room (public/template_tags.py)."""

from ..public.template_tags import register  # noqa: F401
