"""Old path of `core.text`, kept because migration 0002 imports `slugify_vi` from here
(migrations are never edited). Import `exemplar_stories.core.text` in new code."""

from .core.text import slugify_vi  # noqa: F401
