"""Per-process memory of Wagtail's site lookups and the sites' root pages, for the public pages.

On every request Wagtail looks the request's `Site` up in the database
(`Site.find_for_request`), its root paths up in the cache (`Site.get_site_root_paths`, a Redis
round trip in production), and routing then reads the site's root page and its specific row
(two queries). All of it changes only when a site is edited or a page is published, moved,
renamed or deleted. `SiteMemoMiddleware` keeps it per process, keyed by the public version
(`versions`, one primary-key read that the listings and feeds of the same request reuse), and
hands each request a fresh `Site` built from the remembered values, whose root page is a copy
of the remembered one (no query): the next change's version, read from the shared database,
makes every process look them up again on its next request, whatever its cache (a token in a
per-process locmem cache, as before, never reached the other workers).
"""

import copy

from django.http.request import split_domain_port
from wagtail.models import Page, Site

from . import versions

_memo = {"version": None, "sites": {}, "root_paths": None, "roots": {}}


def forget_memo():
    """Forget this process's memory (the test suite does, as its rows are rolled back)."""
    global _memo
    _memo = {"version": None, "sites": {}, "root_paths": None, "roots": {}}


def _fields(site):
    if site is None:
        return None
    return {f.attname: getattr(site, f.attname) for f in Site._meta.concrete_fields}


def _root_page(site_values):
    page_id = site_values["root_page_id"]
    if page_id not in _memo["roots"]:
        page = Page.objects.filter(pk=page_id).first()
        _memo["roots"][page_id] = page.specific if page is not None else None
    root = _memo["roots"][page_id]
    return copy.copy(root) if root is not None else None  # a request's changes stay its own


def remember(request):
    """Set Wagtail's per-request caches (`_wagtail_site` with its root page, the root paths)
    from this process's memory, looking them up once per public version."""
    global _memo
    version = versions.current(request).number
    if _memo["version"] != version:
        Site.clear_site_root_paths_cache()  # Wagtail's copy may be another worker's old one
        _memo = {"version": version, "sites": {}, "root_paths": None, "roots": {}}
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    if key not in _memo["sites"]:
        _memo["sites"][key] = _fields(Site._find_for_request(request))
    values = _memo["sites"][key]
    site = Site(**values) if values else None
    if site is not None:
        root = _root_page(values)
        if root is not None:
            site.root_page = root
    request._wagtail_site = site
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
