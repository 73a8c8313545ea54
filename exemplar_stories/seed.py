"""Old path of `core.reference_data`, kept because migrations 0002 and 0010 import the plan's
fields, awards and rules in time from here (migrations are never edited). New code imports
`exemplar_stories.core.reference_data`."""

from .core.reference_data import (  # noqa: F401
    AWARD_LEGAL_BASIS,
    AWARD_RULES,
    AWARDS,
    FIELDS,
    RULES_IN_TIME,
)
