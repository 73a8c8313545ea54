"""A shared cache of whole public responses, for anonymous visitors.

`PageCacheMiddleware` answers an anonymous GET (or HEAD) of a public URL from Django's cache when
it can, and otherwise stores the 200 response the site produced. It sits right after WhiteNoise,
before sessions, CSRF and authentication, so a hit costs one cache round trip and no database.

What is never cached:
- requests with a session cookie (logged-in users, and anyone whose page could depend on a
  session), a messages cookie or an Authorization header: they bypass the cache both ways;
- the admin and anything else under ``PAGE_CACHE_EXCLUDED_PATHS`` (Wagtail's previews live there);
- responses other than 200, streaming responses, responses that set a cookie, pages that used a
  CSRF token (a password-protected page's form), ``Cache-Control: private / no-cache /
  no-store``, and anything rendered for an authenticated user.

``Vary: Cookie`` on its own does not stop caching: Django adds it whenever a template merely
looks at ``request.user``; since requests that carry a session or messages cookie never get a
cached page, and CSRF use is detected separately, no cookie can change what we store.

Keys are scheme + host + path + the query string with its parameters sorted. Invalidation is a
version token in the same cache, changed by `bump_version()` whenever a page is published,
unpublished, moved or deleted, a view restriction changes, or a unit, field, movement or award is
edited (`signal_handlers` → `invalidate_public_pages`). Each entry remembers the version it was rendered under; the token and
the entry are read in one ``get_many``, so a publish shows on the very next request in every
process, as long as the processes share the cache (Redis in production; with a per-process
locmem cache it would not, which is why the system check W002 warns about it).
"""

import hashlib
import uuid
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from ..core.conf import get_setting
from . import versions
from .navigation import forget_story_index_link

VERSION_KEY = "exemplar_stories:page_cache:version"
KEY_PREFIX = "exemplar_stories:page_cache:"
STATUS_HEADER = "X-Page-Cache"
UNCACHEABLE_CACHE_CONTROL = {"private", "no-cache", "no-store"}
HARMLESS_VARY = {"cookie", "accept-encoding"}


def cache_seconds():
    return int(get_setting("PAGE_CACHE_SECONDS") or 0)


def page_cache():
    return caches[get_setting("PAGE_CACHE_ALIAS")]


def bump_version():
    """Make every cached page stale at once, in every process that shares the cache."""
    page_cache().set(VERSION_KEY, uuid.uuid4().hex, None)


def invalidate():
    """Bump now (the next request misses) and again after the commit: a page rendered from the
    old rows between the two would otherwise be stored under the new version."""
    bump_version()
    transaction.on_commit(bump_version)


def invalidate_public_pages():
    """Whatever a public page shows changed: every cached page and the navigation's cached link
    to the story index are forgotten, and the public version is raised in the change's
    transaction (`versions`: the listings' menus, years and counts in every worker)."""
    invalidate()
    forget_story_index_link()
    versions.bump()


def cache_key(request):
    """Scheme, host, path and the sorted query string; None when the host is not allowed."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    query = urlencode(sorted(parse_qsl(request.META.get("QUERY_STRING", ""), True)))
    raw = f"{request.scheme}://{host}{request.path}?{query}"
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def current_version(cache, found):
    version = found.get(VERSION_KEY)
    if version is None:
        # Never fall back to a fixed value: an evicted token must not resurrect old entries.
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = cache_seconds()
        key = cache_key(request) if seconds and self.request_is_cacheable(request) else None
        if key is None:
            return self.get_response(request)
        cache = page_cache()
        found = cache.get_many([VERSION_KEY, key])
        version = current_version(cache, found)
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            return self.rebuild(entry)
        response = self.get_response(request)
        if request.method == "GET" and self.response_is_cacheable(request, response):
            headers = [(k, v) for k, v in response.items() if k != STATUS_HEADER]
            cache.set(key, (version, response.status_code, headers, response.content), seconds)
            response[STATUS_HEADER] = "miss"
        return response

    @staticmethod
    def request_is_cacheable(request):
        if request.method not in ("GET", "HEAD"):
            return False
        if any(request.path.startswith(p) for p in get_setting("PAGE_CACHE_EXCLUDED_PATHS")):
            return False
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies:
            return False
        if getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies:
            return False
        return "HTTP_AUTHORIZATION" not in request.META

    @staticmethod
    def response_is_cacheable(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        cache_control = {
            part.split("=")[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        if cache_control & UNCACHEABLE_CACHE_CONTROL:
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
        return vary <= HARMLESS_VARY

    @staticmethod
    def rebuild(entry):
        _version, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[STATUS_HEADER] = "hit"
        return response
