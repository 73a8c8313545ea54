"""Dormant accounts: disabled after ACCOUNTS_DORMANT_DAYS without a login (cron command
`disable_dormant_accounts`); the Office is told once, in one email listing them."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.log_actions import log

from . import conf
from .mail import send_dormant_accounts_email


def dormant_users(*, now=None, days=None):
    """Active accounts whose last login (or creation, if they never logged in) is older
    than `days`; superusers only if ACCOUNTS_DORMANT_EXEMPT_SUPERUSERS is off."""
    now = now or timezone.now()
    days = conf.dormant_days() if days is None else days
    users = (
        get_user_model()
        ._default_manager.filter(is_active=True)
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lt=now - timedelta(days=days))
    )
    if conf.dormant_exempt_superusers():
        users = users.filter(~Q(is_superuser=True))
    return users.order_by("last_seen", "pk")


def disable_dormant_accounts(*, now=None, days=None, dry_run=False):
    """Disables them, logs each on the user, then emails the Office once with the list (a
    mail failure does not undo the disabling); returns the users."""
    days = conf.dormant_days() if days is None else days
    with transaction.atomic():
        users = list(dormant_users(now=now, days=days))
        if dry_run or not users:
            return users
        get_user_model()._default_manager.filter(pk__in=[u.pk for u in users]).update(
            is_active=False
        )
        for user in users:
            log(instance=user, action="portal_accounts.disabled_dormant", data={"days": days})
    send_dormant_accounts_email(users=users, days=days)
    return users
