"""Purging the HTTP cache in front (Varnish) when what a public page shows changes.

One entry point per kind of change, called from `signal_handlers` (one line each):

- `purge_story(page)`: a story was published, republished, unpublished or deleted (also what
  consent withdrawal or any other unpublish path gets for free through `page_unpublished`).
  It purges the story's page (by URL and by key), every listing combination it matches now
  and matched when it was last published, the searches, the home page, the sitemap, and the
  pages showing its card; other stories' pages stay cached.
- `purge_page(page)`: any other page was published (the home page, the story index).
- `purge_taxonomy(instance)`: a unit, field, movement or award changed.
- `purge_everything()`: a move, a slug change, a deletion, a view restriction, a site.

The purges go to the backends of Wagtail's `WAGTAILFRONTENDCACHE` setting
(`wagtail.contrib.frontend_cache`): URLs through `purge_batch` (its `HTTPBackend`, a
`PURGE` request per URL), surrogate keys through `purge_keys` where a backend has it
(`cache_backends.VarnishBackend`, an xkey purge). They are sent synchronously right after the
commit, not queued as a task as frontend_cache's own signal handlers do, so that the very next
request after a publish already misses the cache. A publish also runs the in-app page cache's
invalidation (`page_cache`), which stays for deployments without Varnish.
"""

import logging

from django.db import transaction
from wagtail.contrib.frontend_cache.utils import get_backends

from ..models import ExemplarIndexPage, PublishedStoryState, StoryPage
from . import surrogate_keys as sk
from .search import remember_words
from .selectors import public_stories, related_candidates

logger = logging.getLogger(__name__)

RELATED_LIMIT = 3
# Chosen at publish time; a few spare ones in case some are withdrawn later.
RELATED_CANDIDATES = 6


def send(*, keys=(), urls=()):
    """Purge `keys` and `urls` from every configured frontend cache, after the commit."""
    keys, urls = sorted(set(filter(None, keys))), sorted(set(filter(None, urls)))
    if keys or urls:
        transaction.on_commit(lambda: _send_now(keys, urls))


def _send_now(keys, urls):
    for name, backend in get_backends().items():
        try:
            if keys and hasattr(backend, "purge_keys"):
                backend.purge_keys(keys)
            if urls:
                backend.purge_batch(urls)
        except Exception:  # a cache that is down must never fail a publish
            logger.exception("Purging the frontend cache %s failed", name)


def purge_everything():
    send(keys=[sk.ALL])


def purge_taxonomy(instance):
    key = sk.taxonomy_key(instance._meta.model_name, instance.pk)
    send(keys=[sk.TAXONOMY, key])


def page_changed(page):
    """A page was published or unpublished: a story's exact purge, or another page's."""
    if isinstance(page, StoryPage):
        purge_story(page)
    else:
        purge_page(page)


def purge_page(page):
    """A page that is not a story was published or unpublished."""
    keys = [sk.page_key(page.pk), sk.SITEMAP]
    if isinstance(page.specific_deferred, ExemplarIndexPage) or page.depth <= 2:
        keys.append(sk.NAV)  # the index's title is in every page's navigation; the home page
    send(keys=keys, urls=_urls_of(page))


def purge_story(page):
    """A story changed what citizens see (published, unpublished, deleted): purge exactly the
    cached responses that show it, before and after, and remember where it is listed now."""
    story = page.specific_deferred if not isinstance(page, StoryPage) else page
    state = PublishedStoryState.objects.filter(story_id=story.pk).first()
    before = state.listed_as if state else {}
    index = story.get_parent()
    visible = index is not None and is_public(story)
    now = {"index": index.pk, "values": sk.listing_values(story)} if visible else {}
    keys = {sk.story_key(story.pk), sk.page_key(story.pk), sk.HOME, sk.SITEMAP}
    for listed in (before, now):
        if listed:
            keys.add(sk.search_key(listed["index"]))
            keys.update(sk.listing_keys_of(listed["values"], listed["index"]))
    if _year_list_changes(before, now, index):
        keys.update(sk.index_key(listed["index"]) for listed in (before, now) if listed)
    if visible:
        remember_words(story)  # the typo suggestions' vocabulary (public/search.py)
        PublishedStoryState.objects.update_or_create(
            story_id=story.pk,
            defaults={"related_ids": choose_related(story), "listed_as": now},
        )
    elif state:
        state.delete()
    send(keys=keys, urls=_urls_of(story))


def is_public(story):
    return public_stories().filter(pk=story.pk).exists()


def choose_related(story):
    """The related stories of a story's page, chosen when it is published (not per request):
    other public stories of the same unit or field, newest first."""
    return list(related_candidates(story, RELATED_CANDIDATES).values_list("pk", flat=True))


def _year_list_changes(before, now, index):
    """Every listing shows the years that have stories: it changes when a year gets its first
    story or loses its last one."""
    year_now = now.get("values", {}).get("year")
    year_before = before.get("values", {}).get("year")
    if year_now == year_before and before.get("index") == now.get("index"):
        return False
    if year_now and public_stories(index).filter(quarter_year=year_now).count() == 1:
        return True  # its first story
    return bool(year_before) and not public_stories(index).filter(quarter_year=year_before).exists()


def _urls_of(page):
    try:
        url = page.get_full_url()
    except Exception:  # no site (a page outside any site's tree)
        return []
    return [url] if url else []
