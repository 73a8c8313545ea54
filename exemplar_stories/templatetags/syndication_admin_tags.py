from django import template

register = template.Library()


@register.simple_tag
def syndication_disabled_target():
    from ..syndication.services import disabled_target

    return disabled_target()
