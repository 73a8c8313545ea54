"""`{% load people_tags %}`: `{{ user|person }}` shows a person in Vietnamese order (Họ Tên)."""

from django import template

from ..core.people import display_name

register = template.Library()


@register.filter
def person(user):
    return display_name(user)
