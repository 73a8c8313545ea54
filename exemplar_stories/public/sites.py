"""Per-process memory of Wagtail's site lookups, for the public pages.

Wagtail looks the request's `Site` up in the database on every request
(`Site.find_for_request`) and its root paths up in the cache (`Site.get_site_root_paths`, a
Redis round trip in production). Both change only when a site is edited or a site's root page
moves or is renamed. `SiteMemoMiddleware` keeps them per process and hands each request a fresh
`Site` built from the remembered values (no query); a token in the shared cache, changed by
`forget_sites()` (`signal_handlers`: sites saved or deleted, pages moved or renamed), makes every
process look them up again on its next request.
"""

import uuid

from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Site

TOKEN_KEY = "exemplar_stories:sites:token"
_memo = {"token": None, "sites": {}, "root_paths": None}


def forget_sites():
    cache.set(TOKEN_KEY, uuid.uuid4().hex, None)


def _current_token():
    token = cache.get(TOKEN_KEY)
    if token is None:
        cache.add(TOKEN_KEY, uuid.uuid4().hex, None)
        token = cache.get(TOKEN_KEY)
    return token


def _fields(site):
    if site is None:
        return None
    return {f.attname: getattr(site, f.attname) for f in Site._meta.concrete_fields}


def remember(request):
    """Set Wagtail's per-request caches (`_wagtail_site`, the root paths) from this process's
    memory, looking them up once per token."""
    global _memo
    token = _current_token()
    if _memo["token"] != token:
        _memo = {"token": token, "sites": {}, "root_paths": None}
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    if key not in _memo["sites"]:
        _memo["sites"][key] = _fields(Site._find_for_request(request))
    values = _memo["sites"][key]
    request._wagtail_site = Site(**values) if values else None
    if _memo["root_paths"] is None:
        _memo["root_paths"] = Site.get_site_root_paths()
    request._wagtail_cached_site_root_paths = _memo["root_paths"]


class SiteMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/admin/"):
            remember(request)
        return self.get_response(request)
