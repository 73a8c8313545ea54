"""Where syndication goes, read from settings: the target (a webhook URL, or the Board's
editorial mailbox when SYNDICATION_BACKEND is the email backend), whether it may receive
stories, and its state row (disabled after a 410 until the Office re-enables it)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.module_loading import import_string

from ..core.conf import get_setting
from ..models import SyndicationTarget


def uses_email():
    """Whether SYNDICATION_BACKEND mails the stories (email_backend.EmailBackend)."""
    try:
        backend = import_string(get_setting("SYNDICATION_BACKEND"))
    except ImportError:
        return False
    return getattr(backend, "transport", "webhook") == "email"


def mailbox():
    """The Board's editorial mailbox (SYNDICATION_MAILBOX), for the email backend."""
    return (get_setting("SYNDICATION_MAILBOX") or "").strip()


def target_url():
    """The target's address: the webhook URL, or mailto:<mailbox> for the email backend (the
    delivery log's "sent to" and the key of the target's state row: circuit, 410)."""
    if uses_email():
        return f"mailto:{mailbox()}" if mailbox() else ""
    return (get_setting("SYNDICATION_URL") or "").strip()


def is_enabled():
    if uses_email():
        return bool(mailbox())  # mail is not signed: no secret needed
    return bool(target_url() and get_setting("SYNDICATION_SECRET"))


def mailbox_problem(address):
    """Why `address` cannot receive the stories by email, or "" if it can."""
    try:
        validate_email(address)
    except ValidationError:
        return "not an email address"
    return ""


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url):
    """Why `url` must not receive stories, or "" if it may (https; http to loopback when the
    settings allow it, as dev and test settings do; mailto: a valid mailbox). Never longer
    than the target's row and the delivery log keep: PostgreSQL would refuse every send."""
    longest = SyndicationTarget._meta.get_field("url").max_length
    if len(url) > longest:
        return f"longer than {longest} characters"
    if url.startswith("mailto:"):
        return mailbox_problem(url.removeprefix("mailto:"))
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return ""
    if parts.scheme == "http" and parts.hostname:
        allowed = get_setting("SYNDICATION_ALLOW_HTTP_LOOPBACK") or settings.DEBUG
        if allowed and is_loopback(parts.hostname):
            return ""
        return "http:// is only accepted to a loopback address in development and tests"
    return "not an https:// URL"


def current_target():
    """The state row of the configured URL (created on first use)."""
    target, _ = SyndicationTarget.objects.get_or_create(url=target_url())
    return target


def disabled_target():
    """The configured target if a 410 disabled it, else None (for the Office's alerts)."""
    if not target_url():
        return None
    target = SyndicationTarget.objects.filter(url=target_url()).first()
    return target if target and target.is_disabled else None
