"""Security headers that Django's SecurityMiddleware does not set, and the admin's CSP."""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp, with the looser `ADMIN_CONTENT_SECURITY_POLICY` under the Wagtail admin.

    The public site gets `CONTENT_SECURITY_POLICY` (strict: scripts from our origin or with the
    request's nonce). Wagtail's admin still renders inline scripts and style attributes, so
    its pages get the admin policy instead of the public one; see the comment in base.py.
    """

    _admin_prefix = None

    @classmethod
    def admin_prefix(cls):
        if cls._admin_prefix is None:
            cls._admin_prefix = reverse("wagtailadmin_home")
        return cls._admin_prefix

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path_info.startswith(self.admin_prefix()):
            admin_policy = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY", None)
            if admin_policy:
                # No nonce: a nonce in script-src makes browsers ignore 'unsafe-inline'.
                return PolicyParts(
                    config=default_config(admin_policy["DIRECTIVES"]),
                    update=parts.update,
                    replace=parts.replace,
                )
        return parts


class PermissionsPolicyMiddleware:
    """Sets `Permissions-Policy` from the PERMISSIONS_POLICY setting (feature → allow-list).

    Django sets Referrer-Policy, X-Content-Type-Options and Cross-Origin-Opener-Policy itself
    (SecurityMiddleware); only this header is missing.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in policy.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class AdminQueryStringMiddleware:
    """The admin's query string, cleaned before any view reads it (issue #13).

    Wagtail's and wagtail-modeladmin's list views hand `?q=` and filter values to the ORM as
    they come: a NUL byte is a DataError on PostgreSQL, and a search of thousands of words
    builds a query too deep for SQLite. Under the admin's URL prefix, control characters are
    removed from every parameter, and the search boxes' `q` and `search` are capped like every
    search (portal.search: words and characters). The public site's parameters are read by the
    plugin's own filter form, which refuses such values with a message instead.
    """

    SEARCH_PARAMS = ("q", "search")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(PortalCSPMiddleware.admin_prefix()) and request.GET:
            request.GET = self.cleaned(request.GET)
        return self.get_response(request)

    @classmethod
    def cleaned(cls, params):
        from django.http import QueryDict

        from .search import UNSAFE_CHARS, clean_query_text

        clean = QueryDict(mutable=True)
        for key, values in params.lists():
            key = UNSAFE_CHARS.sub("", key)
            for value in values:
                if key in cls.SEARCH_PARAMS:
                    clean.appendlist(key, clean_query_text(value))
                else:
                    clean.appendlist(key, UNSAFE_CHARS.sub("", value))
        clean._mutable = False
        return clean
