"""`{% load syndication_admin_tags %}`: Django finds tag libraries only in an app's
`templatetags/`, so this name stays here; the tag lives with the syndication room."""

from ..syndication.template_tags import register  # noqa: F401
