"""System check of the public page cache (run by `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Warning, register
from django.utils.module_loading import import_string

from ..core.conf import get_setting

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(deploy=True)
def check_page_cache_is_shared(app_configs, **kwargs):
    """With the page cache on, a per-process cache would keep serving unpublished pages in the
    processes that did not handle the publish."""
    if not int(get_setting("PAGE_CACHE_SECONDS") or 0):
        return []
    alias = get_setting("PAGE_CACHE_ALIAS")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    per_process = (
        any(issubclass(import_string(backend), import_string(path)) for path in PER_PROCESS_CACHES)
        if backend
        else False
    )
    if not per_process:
        return []
    return [
        Warning(
            f"The page cache uses the per-process cache {alias!r} ({backend}).",
            hint="Set REDIS_URL (or CACHE_URL) so that all workers share the cache, or set "
            "PAGE_CACHE_SECONDS=0.",
            id="exemplar_stories.W002",
        )
    ]
