"""`{% offered_bulk_action_choices %}`: Wagtail's `bulk_action_choices`, less the actions the
user may do on no row of the listing (access.bulk_actions decides). Used by the one-line
override of `wagtailadmin/bulk_actions/footer.html`."""

from django import template
from django.urls import reverse
from wagtail.admin.templatetags.wagtailadmin_tags import bulk_action_choices

from ..access.bulk_actions import offered_bulk_actions

register = template.Library()


@register.inclusion_tag("wagtailadmin/shared/buttons.html", takes_context=True)
def offered_bulk_action_choices(context, app_label, model_name):
    choices = bulk_action_choices(context, app_label, model_name)
    request = context.get("request")
    offered = offered_bulk_actions(request, app_label, model_name, context.get("objects"))
    if offered is not None:
        urls = {
            reverse("wagtail_bulk_action", args=[app_label, model_name, action_type])
            for action_type in offered
        }
        choices["buttons"] = [
            button for button in choices["buttons"] if getattr(button, "url", None) in urls
        ]
    return choices
