"""Backends for `wagtail.contrib.frontend_cache` (setting `WAGTAILFRONTENDCACHE`) that also purge
by surrogate key, which frontend_cache's backends do not know.

`VarnishBackend` is Wagtail's `HTTPBackend` (a `PURGE` request per URL, with the page's Host)
plus `purge_keys`: one `PURGE` request carrying `xkey-purge: key key …`, which the repository's
VCL (deploy/varnish/default.vcl) answers with an xkey purge. `RecordingBackend` keeps what it was
asked in memory, for tests.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

from wagtail import __version__
from wagtail.contrib.frontend_cache.backends import BaseBackend, HTTPBackend, PurgeRequest

logger = logging.getLogger("wagtail.frontendcache")

# Keys per request: a story's purge is at most a few hundred keys; Varnish's default limit on
# one header is 8 KB (http_req_hdr_len).
KEYS_PER_REQUEST = 200


class VarnishBackend(HTTPBackend):
    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", 5))
        super().__init__(params)

    def purge_keys(self, keys):
        keys = list(keys)
        for start in range(0, len(keys), KEYS_PER_REQUEST):
            chunk = keys[start : start + KEYS_PER_REQUEST]
            request = PurgeRequest(
                url=f"{self.cache_scheme}://{self.cache_netloc}/",
                headers={
                    "xkey-purge": " ".join(chunk),
                    "User-Agent": "Wagtail-frontendcache/" + __version__,
                },
            )
            try:
                urlopen(request, timeout=self.timeout)  # noqa: S310 - LOCATION from settings
            except (HTTPError, URLError, OSError) as error:
                logger.error("Couldn't purge keys %s from Varnish: %s", chunk[:5], error)


class RecordingBackend(BaseBackend):
    """Records purged URLs and keys (class attributes: backends are built per purge)."""

    urls = []
    keys = []

    def purge(self, url):
        RecordingBackend.urls.append(url)

    def purge_keys(self, keys):
        RecordingBackend.keys.extend(keys)

    @classmethod
    def reset(cls):
        cls.urls.clear()
        cls.keys.clear()
