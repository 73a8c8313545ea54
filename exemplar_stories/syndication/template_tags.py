"""The syndication admin templates' tag (`{% load syndication_admin_tags %}`)."""

from django import template

from .config import disabled_target

register = template.Library()


@register.simple_tag
def syndication_disabled_target():
    return disabled_target()
