"""Signal handlers, connected once from ExemplarStoriesConfig.ready() with dispatch_uids."""

from django.db.models.signals import post_save, pre_delete
from wagtail.signals import page_published, page_unpublished


def wire_new_story_index(sender, instance, created, raw=False, **kwargs):
    """A new story index gets the Office's workflow and the groups' page permissions."""
    if created and not raw:
        from .editorial import setup_story_index

        setup_story_index(instance)


def story_published(sender, instance, **kwargs):
    from .syndication import services

    services.story_published(page=instance)


def story_unpublished(sender, instance, **kwargs):
    from .syndication import services

    services.story_withdrawn(page=instance, was_live=True)


def story_deleted(sender, instance, **kwargs):
    from .syndication import services

    services.story_withdrawn(page=instance, was_live=instance.live)


def link_story_to_registration(sender, instance, **kwargs):
    """A story about a registered nominee is published: link it to the registration."""
    from .models import StoryPage
    from .registrations.services import link_published_story

    if isinstance(instance, StoryPage):
        link_published_story(story=instance)


def register_signal_handlers():
    from .models import STORY_PAGE_MODELS, ExemplarIndexPage, StoryPage

    page_published.connect(
        link_story_to_registration, dispatch_uid="exemplar_stories_link_story_to_registration"
    )
    post_save.connect(
        wire_new_story_index,
        sender=ExemplarIndexPage,
        dispatch_uid="exemplar_stories_wire_new_story_index",
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
