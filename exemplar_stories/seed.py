"""Old path of `core.reference_data`, kept because migration 0002 imports the plan's fields
and awards from here (migrations are never edited). New code imports
`exemplar_stories.core.reference_data`."""

from .core.reference_data import AWARD_RULES, AWARDS, FIELDS  # noqa: F401
