"""The public version: one database row (`models.PublicVersion`) raised in the transaction of
every change to what citizens see (`bump()`, from `page_cache.invalidate_public_pages`).

The listings key what they cache by it (the filter menus, the stories per year, a filtered
listing's count: `selectors`), so that every worker, whatever its cache (a per-process locmem
cache too), sees a change on its next request: it reads the version from the shared database,
one primary-key read per listing or feed request, instead of trusting that a `cache.delete()`
made in another process reached its cache. The row's `changed_at` is the feeds' Last-Modified,
so a withdrawal moves it too, and no request computes `MAX()` over the stories.
"""

import secrets
from dataclasses import dataclass

from django.utils import timezone

from ..models import PublicVersion

ROW = 1
REQUEST_ATTRIBUTE = "_exemplar_public_version"


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: object  # aware datetime, None before the first change


def bump():
    """Give the version a new value, in the caller's transaction (it commits with the change).
    A random one, not a counter: after a rolled-back change, a restored backup or with a cache
    shared by two databases, a counter would come back to a value whose cached entries were
    computed from other rows."""
    now = timezone.now()
    value = secrets.randbits(62)
    if not PublicVersion.objects.filter(pk=ROW).update(version=value, changed_at=now):
        PublicVersion.objects.update_or_create(
            pk=ROW, defaults={"version": value, "changed_at": now}
        )


def current(request=None):
    """The version now (read once per request when given one). Read before what it keys is
    computed, so that rows read after a change are never stored under the version before it."""
    found = getattr(request, REQUEST_ATTRIBUTE, None) if request is not None else None
    if found is None:
        row = PublicVersion.objects.filter(pk=ROW).values_list("version", "changed_at").first()
        found = Version(*row) if row else Version(0, None)
        if request is not None:
            setattr(request, REQUEST_ATTRIBUTE, found)
    return found
