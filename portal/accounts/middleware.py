"""Two gates on every request of a logged-in user: the session's age, and the second factor."""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf, devices

LOGIN_AT = "portal_accounts.login_at"
SEEN_AT = "portal_accounts.seen_at"
# The idle clock is written at most this often (a session write per request is not needed).
SEEN_RESOLUTION = timedelta(seconds=30)
# Requests a page makes by itself, not the user: they do not keep a session alive.
BACKGROUND_VIEWS = {"wagtailadmin_editing_sessions:ping"}


def _view_name(request):
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


def _admin_prefix():
    return reverse("wagtailadmin_home")


def start_session_clock(request):
    now = timezone.now().timestamp()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


class SessionLimitsMiddleware:
    """Ends a session after ACCOUNTS_SESSION_IDLE_MINUTES without a request, and
    ACCOUNTS_SESSION_MAX_HOURS after login in any case.

    The user is logged out and told why; Wagtail's own login redirect then takes them to
    /admin/login/?next=<the page they asked for>."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        session = request.session
        now = timezone.now()
        login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
        if login_at is None:  # a session from before these limits: its clock starts now
            start_session_clock(request)
            return
        idle, max_age = conf.session_idle_timeout(), conf.session_max_age()
        login_at = datetime.fromtimestamp(login_at, tz=timezone.get_current_timezone())
        seen_at = datetime.fromtimestamp(seen_at or 0, tz=timezone.get_current_timezone())
        if max_age and now - login_at > max_age:
            message = _(
                "Your session has ended: a session lasts at most %(hours)s hours. "
                "Please sign in again."
            ) % {"hours": int(max_age.total_seconds() // 3600)}
        elif idle and now - seen_at > idle:
            message = _(
                "Your session has ended after %(minutes)s minutes without activity. "
                "Please sign in again."
            ) % {"minutes": int(idle.total_seconds() // 60)}
        else:
            if now - seen_at >= SEEN_RESOLUTION and _view_name(request) not in BACKGROUND_VIEWS:
                session[SEEN_AT] = now.timestamp()
            return
        logout(request)
        messages.warning(request, message)


class SecondFactorMiddleware:
    """A user who still owes the second factor (devices.must_verify and the session is not
    verified) reaches only the second step, enrolment, the passkey endpoints and logout.
    Any other admin URL redirects there (with ?next=); elsewhere (the public site, documents)
    they are treated as anonymous."""

    # Reachable while the second step is pending.
    VERIFY_VIEWS = {
        "portal_accounts:second_factor_verify",
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
    }
    # Reachable while enrolment is pending (no device yet).
    ENROL_VIEWS = {
        "portal_accounts:second_factor_setup",
        "portal_accounts:recovery_codes",
        "otp_webauthn:credential-registration-begin",
        "otp_webauthn:credential-registration-complete",
    }
    ALWAYS = {
        "wagtailadmin_logout",
        "wagtailadmin_login",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",  # the icons, fetched and inserted into every admin page
        "portal_accounts:jsi18n",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and devices.must_verify(user):
            response = self.gate(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def gate(self, request, user):
        enrolled = devices.has_any_device(user)
        view_name = _view_name(request)
        allowed = self.ALWAYS | (self.VERIFY_VIEWS if enrolled else self.ENROL_VIEWS)
        if view_name in allowed:
            return None
        if not request.path_info.startswith(_admin_prefix()):
            request.user = AnonymousUser()
            return None
        target = (
            "portal_accounts:second_factor_verify"
            if enrolled
            else ("portal_accounts:second_factor_setup")
        )
        next_url = request.get_full_path() if request.method == "GET" else _admin_prefix()
        return redirect(f"{reverse(target)}?{urlencode({'next': next_url})}")
