"""The story index's link in every page's main navigation: one cached lookup, no query on the
pages rendered most. The template tag `story_index_link` and the home page ask here."""

from django.core.cache import cache

from ..models import ExemplarIndexPage

STORY_INDEX_LINK_KEY = "exemplar_stories:story_index_link"


def default_index():
    """The first live story index (one per site in practice), or None."""
    return ExemplarIndexPage.objects.live().first()


def story_index_link(request=None):
    """{"url", "title"} of the story index for every page's navigation, or None.

    Cached (no query on the pages rendered most); forgotten whenever a page is published,
    unpublished, moved or renamed (`page_cache.invalidate_public_pages`).
    """
    link = cache.get(STORY_INDEX_LINK_KEY)
    if link is None:
        index = default_index()
        link = {"url": index.get_url(request), "title": index.title} if index else {}
        cache.set(STORY_INDEX_LINK_KEY, link, 3600)
    return link or None


def forget_story_index_link():
    cache.delete(STORY_INDEX_LINK_KEY)
