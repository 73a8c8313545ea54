"""System checks for the plugin's settings (run by `manage.py check` and at startup)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.module_loading import import_string

from .conf import get_setting


@register(Tags.security, deploy=False)
def check_syndication_settings(app_configs=None, **kwargs):
    from .syndication import services, signing

    url = services.target_url()
    secret = get_setting("SYNDICATION_SECRET")
    if not url and not secret:
        return []  # syndication off
    errors = []
    if not url:
        errors.append(
            Warning(
                "EXEMPLAR_STORIES['SYNDICATION_SECRET'] is set but SYNDICATION_URL is empty: "
                "nothing will be syndicated.",
                id="exemplar_stories.W001",
            )
        )
    else:
        problem = services.url_problem(url)
        if problem:
            # DEBUG on a laptop may point at any http receiver, with a warning.
            level = Warning if settings.DEBUG else Error
            errors.append(
                level(
                    f"SYNDICATION_URL {url!r} is refused: {problem}.",
                    hint="Use an https:// address (set SYNDICATION_URL in the environment).",
                    id="exemplar_stories.E001",
                )
            )
    if url:
        try:
            signing.secret_key(secret)
        except signing.InvalidSecret as error:
            errors.append(
                Error(
                    f"SYNDICATION_SECRET is invalid: {error}",
                    hint="Use the whsec_… secret agreed with the receiver (Standard Webhooks).",
                    id="exemplar_stories.E002",
                )
            )
    return errors


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
