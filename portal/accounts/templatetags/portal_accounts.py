from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def retry_at(cooloff):
    """When a lock that starts now lifts (axes counts the cool-off from the last attempt,
    which is this one), in local time."""
    if not cooloff:
        return None
    return timezone.localtime(timezone.now() + cooloff)
