"""Headers for the HTTP cache in front (Varnish, deploy/varnish/default.vcl) and for browsers.

`HttpCacheHeadersMiddleware` marks the responses an HTTP cache may keep, under the same rules as
the in-app page cache (`page_cache.PageCacheMiddleware.request_is_cacheable` and
`response_is_cacheable`): an anonymous GET/HEAD of a public path whose 200 response sets no
cookie, used no CSRF token and is not `private`/`no-store`. Those get

- ``Surrogate-Control: max-age=<HTTP_CACHE_SECONDS>``: how long Varnish keeps them (it is
  purged on every change that shows, so this can be long); Varnish removes the header;
- ``Cache-Control: public, max-age=<HTTP_CACHE_BROWSER_SECONDS>`` (0 by default: browsers ask
  again, so a publish is visible on a reader's very next request) unless the view chose a
  ``max-age`` itself (the feeds: 300 s for feed readers);
- ``xkey`` and ``Surrogate-Key``: the surrogate keys the views recorded (`surrogate_keys`).

Every other response of a public path gets ``Cache-Control: private, no-cache`` when it has
none, so neither Varnish nor a proxy on the way keeps a page rendered for a logged-in user, a
response that sets a cookie, an error or a redirect.
"""

from django.utils.cache import patch_cache_control

from ..core.conf import get_setting
from . import surrogate_keys as sk
from .page_cache import PageCacheMiddleware

KEYS_HEADER = "xkey"
SURROGATE_KEY_HEADER = "Surrogate-Key"
SURROGATE_CONTROL_HEADER = "Surrogate-Control"


def is_cacheable(request, response):
    return PageCacheMiddleware.request_is_cacheable(
        request
    ) and PageCacheMiddleware.response_is_cacheable(request, response)


def is_excluded(request):
    return any(request.path.startswith(p) for p in get_setting("PAGE_CACHE_EXCLUDED_PATHS"))


class HttpCacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_excluded(request):
            return response  # the admin and documents keep their own headers
        seconds = int(get_setting("HTTP_CACHE_SECONDS") or 0)
        if seconds and is_cacheable(request, response):
            keys = sorted(sk.keys_of(request) | {sk.ALL})
            response[KEYS_HEADER] = " ".join(keys)
            response[SURROGATE_KEY_HEADER] = " ".join(keys)
            response[SURROGATE_CONTROL_HEADER] = f"max-age={seconds}"
            if "max-age" not in response.get("Cache-Control", ""):
                patch_cache_control(
                    response, public=True, max_age=get_setting("HTTP_CACHE_BROWSER_SECONDS")
                )
        elif request.method in ("GET", "HEAD"):
            cache_control = response.get("Cache-Control", "")
            if not cache_control or "public" in cache_control:
                response["Cache-Control"] = "private, no-cache"
        return response
