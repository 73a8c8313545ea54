"""Signal handlers, connected once from ExemplarStoriesConfig.ready() with dispatch_uids.

Each handler is one line into the room that owns the rule: editorial (a new index's wiring),
registrations (linking a story to its nominee), taxonomy (the units' "nay là …"), syndication
(the outbox) and public (the page cache and the navigation link, the search index, and the HTTP
cache's purges).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .editorial.setup import setup_story_index
from .models import (
    STORY_PAGE_MODELS,
    Award,
    EmulationMovement,
    ExemplarIndexPage,
    Field,
    StoryConsent,
    StoryPage,
    Unit,
)
from .public import purge, search_index
from .public.page_cache import invalidate_public_pages
from .registrations.services import link_published_story
from .syndication import outbox
from .taxonomy.services import unit_saved


def wire_new_story_index(sender, instance, created, raw=False, **kwargs):
    """A new story index gets the Office's workflow and the groups' page permissions."""
    if created and not raw:
        setup_story_index(instance)


def story_published(sender, instance, **kwargs):
    outbox.story_published(page=instance)


def story_unpublished(sender, instance, **kwargs):
    outbox.story_withdrawn(page=instance, was_live=True)


def view_restriction_added(sender, instance, raw=False, **kwargs):
    if not raw:
        outbox.visibility_changed(page_id=instance.page_id)


def view_restriction_lifted(sender, instance, **kwargs):
    # After commit: a restriction deleted with its page (and stories) changes nothing.
    page_id = instance.page_id
    transaction.on_commit(lambda: outbox.visibility_changed(page_id=page_id))


def page_moved(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    # A reorder under the same parent keeps every address: nothing to send.
    if url_path_before != url_path_after:
        outbox.visibility_changed(page_id=instance.pk, moved=True)


def story_deleted(sender, instance, **kwargs):
    outbox.story_withdrawn(page=instance, was_live=instance.live)


def link_story_to_registration(sender, instance, **kwargs):
    """A story about a registered nominee is published: link it to the registration."""
    if isinstance(instance, StoryPage):
        link_published_story(story=instance)


def invalidate_page_cache(sender, **kwargs):
    invalidate_public_pages()


def invalidate_page_cache_on_page_delete(sender, instance, **kwargs):
    # post_delete fires once per table of a multi-table page; connected without a sender.
    if isinstance(instance, Page):
        invalidate_page_cache(sender)


def refresh_unit_labels(sender, instance, raw=False, **kwargs):
    """A unit renamed in place (one without history): its predecessors' "nay là …" follows."""
    if not raw:
        unit_saved(unit=instance)


def delete_consent_evidence(sender, instance, **kwargs):
    """A consent deleted (with its story): its evidence file goes too, after the commit."""
    if instance.evidence:
        storage, name = instance.evidence.storage, instance.evidence.name
        transaction.on_commit(lambda: storage.delete(name))


def catalogue_saving(sender, instance, raw=False, **kwargs):
    if not raw:
        search_index.remember_name(instance)


def catalogue_saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        search_index.name_saved(instance, created)


def purge_changed_page(sender, instance, **kwargs):
    # A story purges exactly what shows it (its page, listings, home, feeds, sitemap).
    purge.page_changed(instance)


def purge_everything(sender, **kwargs):
    purge.purge_everything()


def purge_everything_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge.purge_everything()


def purge_taxonomy(sender, instance, **kwargs):
    # The filter menus follow through the public version (`invalidate_page_cache`).
    purge.purge_taxonomy(instance)


def register_signal_handlers():
    # Consent: a deleted consent leaves no evidence file behind (personal data).
    post_delete.connect(
        delete_consent_evidence, sender=StoryConsent, dispatch_uid="consent-evidence-deleted"
    )
    # Editorial: a new story index gets its workflow and permissions.
    post_save.connect(
        wire_new_story_index,
        sender=ExemplarIndexPage,
        dispatch_uid="exemplar_stories_wire_new_story_index",
    )
    # Registrations: a published story about a registered nominee is linked to it.
    page_published.connect(
        link_story_to_registration, dispatch_uid="exemplar_stories_link_story_to_registration"
    )
    # Syndication: each receiver writes its outbox row in the transaction of the change.
    for model in STORY_PAGE_MODELS:
        label = model._meta.label_lower
        page_published.connect(
            story_published, sender=model, dispatch_uid=f"syndication-published-{label}"
        )
        page_unpublished.connect(
            story_unpublished, sender=model, dispatch_uid=f"syndication-unpublished-{label}"
        )
    # Deleting a story of any kind deletes its StoryPage row too, so one receiver sees them all
    # (once each), before the row is gone and while its content can still be serialised.
    pre_delete.connect(story_deleted, sender=StoryPage, dispatch_uid="syndication-deleted")
    # A login or password restriction added or lifted: withdraw, or send again.
    post_save.connect(
        view_restriction_added,
        sender=PageViewRestriction,
        dispatch_uid="syndication-restriction-saved",
    )
    post_delete.connect(
        view_restriction_lifted,
        sender=PageViewRestriction,
        dispatch_uid="syndication-restriction-deleted",
    )

    # A page moved (a story, or a section of them): its stories' addresses changed, and it may
    # have gone into or out of a private section, or out of every site.
    post_page_move.connect(page_moved, dispatch_uid="syndication-moved")

    # Page cache: whatever a public page shows changed, so every cached page is stale.
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
    post_save.connect(refresh_unit_labels, sender=Unit, dispatch_uid="taxonomy-unit-labels")
    # HTTP cache (Varnish): targeted purges after the commit (public/purge.py).
    page_published.connect(purge_changed_page, dispatch_uid="exemplar_stories_purge_published")
    page_unpublished.connect(purge_changed_page, dispatch_uid="exemplar_stories_purge_unpublished")
    post_page_move.connect(purge_everything, dispatch_uid="exemplar_stories_purge_moved")
    page_slug_changed.connect(purge_everything, dispatch_uid="exemplar_stories_purge_slug")
    post_delete.connect(
        purge_everything_on_page_delete, dispatch_uid="exemplar_stories_purge_page_deleted"
    )
    for model in (Unit, Field, EmulationMovement, Award):
        label = model._meta.label_lower
        post_save.connect(purge_taxonomy, sender=model, dispatch_uid=f"purge_save_{label}")
        post_delete.connect(purge_taxonomy, sender=model, dispatch_uid=f"purge_delete_{label}")
    # The per-process memory of sites and root pages (public/sites.py) follows the public
    # version: `invalidate_page_cache` above, on moves, slug changes, sites and publishes.
    for model in (PageViewRestriction, Site):
        label = model._meta.label_lower
        post_save.connect(purge_everything, sender=model, dispatch_uid=f"purge_save_{label}")
        post_delete.connect(purge_everything, sender=model, dispatch_uid=f"purge_delete_{label}")
    for model in (Unit, Field, EmulationMovement, Award, PageViewRestriction, Site):
        label = model._meta.label_lower
        post_save.connect(
            invalidate_page_cache, sender=model, dispatch_uid=f"page_cache_save_{label}"
        )
        post_delete.connect(
            invalidate_page_cache, sender=model, dispatch_uid=f"page_cache_delete_{label}"
        )

    # Search: a renamed unit, field or movement re-indexes the stories that name it.
    for model in search_index.RELATIONS:
        label = model._meta.label_lower
        pre_save.connect(catalogue_saving, sender=model, dispatch_uid=f"search_name_{label}")
        post_save.connect(catalogue_saved, sender=model, dispatch_uid=f"search_renamed_{label}")
