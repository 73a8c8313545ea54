"""Where syndication goes, read from settings: the target URL, whether it may receive stories,
and its state row (disabled after a 410 until the Office re-enables it)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings

from ..core.conf import get_setting
from ..models import SyndicationTarget


def target_url():
    return (get_setting("SYNDICATION_URL") or "").strip()


def is_enabled():
    return bool(target_url() and get_setting("SYNDICATION_SECRET"))


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url):
    """Why `url` must not receive stories, or "" if it may (https; http to loopback when the
    settings allow it, as dev and test settings do)."""
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
