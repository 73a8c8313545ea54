"""Signal handlers, connected once from ExemplarStoriesConfig.ready() with dispatch_uids."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from . import page_cache
from .models import Award, EmulationMovement, Field, Unit

# Whatever a public page shows: a change to any of these makes every cached page stale.
PAGE_CACHE_MODELS = (Unit, Field, EmulationMovement, Award, PageViewRestriction, Site)


def invalidate_page_cache(sender, **kwargs):
    page_cache.invalidate()


def invalidate_page_cache_on_page_delete(sender, instance, **kwargs):
    # post_delete fires once per table of a multi-table page; connected without a sender.
    if isinstance(instance, Page):
        page_cache.invalidate()


def register_signal_handlers():
    for signal, name in [
        (page_published, "published"),
        (page_unpublished, "unpublished"),
        (post_page_move, "moved"),
        (page_slug_changed, "slug_changed"),
    ]:
        signal.connect(invalidate_page_cache, dispatch_uid=f"exemplar_stories_page_cache_{name}")
    post_delete.connect(
        invalidate_page_cache_on_page_delete, dispatch_uid="exemplar_stories_page_cache_page_del"
    )
    for model in PAGE_CACHE_MODELS:
        label = model._meta.label_lower
        post_save.connect(
            invalidate_page_cache, sender=model, dispatch_uid=f"page_cache_save_{label}"
        )
        post_delete.connect(
            invalidate_page_cache, sender=model, dispatch_uid=f"page_cache_delete_{label}"
        )
