"""The public templates' tags and filters, loaded as `{% load exemplar_tags %}` (the library
`templatetags/exemplar_tags.py` re-exports `register` from here)."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .navigation import story_index_link as cached_story_index_link

register = template.Library()

# Monday first, as datetime.weekday() counts. Vietnamese names the days by number ("Thứ Hai").
WEEKDAYS = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]


@register.filter
def vi_date(value, with_weekday=True):
    """26/11/2026 → "Thứ Năm, 26/11/2026" (in the portal's time zone)."""
    if not value:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = value.strftime("%d/%m/%Y")
    if with_weekday:
        return f"{WEEKDAYS[value.weekday()]}, {text}"
    return text


@register.inclusion_tag("exemplar_stories/includes/story_card.html", takes_context=True)
def story_card(context, story, heading_level=2):
    return {"story": story, "heading_level": heading_level, "request": context.get("request")}


@register.filter
def get_item(mapping, key):
    """Dictionary lookup for keys with hyphens (`don-vi`), which template syntax cannot spell."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.simple_tag(takes_context=True)
def story_index_link(context):
    """{"url", "title"} of the site's story index, for the main navigation of every page (a
    cached selector: the tag itself never queries)."""
    return cached_story_index_link(context.get("request"))
