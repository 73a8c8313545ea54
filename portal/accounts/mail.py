"""Emails of the accounts app: the dormant accounts the command disabled, to the Office."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import conf


def office_emails():
    return sorted(
        set(
            get_user_model()
            ._default_manager.filter(is_active=True, groups__name=conf.group_name("REVIEWER_GROUP"))
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def send_dormant_accounts_email(*, users, days):
    recipients = office_emails()
    if not recipients:
        return 0
    with override(settings.LANGUAGE_CODE):
        rows = [
            {
                "username": user.get_username(),
                "name": user.get_full_name(),
                "last_seen": timezone.localtime(user.last_seen).strftime("%d/%m/%Y")
                if getattr(user, "last_seen", None)
                else "—",
                "never": user.last_login is None,
            }
            for user in users
        ]
        subject = _("%(count)s admin account(s) disabled after %(days)s days unused") % {
            "count": len(rows),
            "days": days,
        }
        body = render_to_string(
            "portal_accounts/email/dormant_accounts.txt",
            {"rows": rows, "days": days, "base_url": settings.WAGTAILADMIN_BASE_URL},
        )
    return send_mail(subject, body, None, recipients)
