"""`{% load access_tags %}`: what the admin's templates ask the access module (the page types
usage report's override of Wagtail's results template)."""

from django import template

from ..access.stories import hide_last_edits_of_other_units

register = template.Library()


@register.filter
def without_other_units_drafts(page_types, user):
    return hide_last_edits_of_other_units(user, page_types)
