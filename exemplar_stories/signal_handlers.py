"""Signal handlers, connected once from ExemplarStoriesConfig.ready() with dispatch_uids."""

from django.db.models.signals import post_save


def wire_new_story_index(sender, instance, created, raw=False, **kwargs):
    """A new story index gets the Office's workflow and the groups' page permissions."""
    if created and not raw:
        from .editorial import setup_story_index

        setup_story_index(instance)


def register_signal_handlers():
    from .models import ExemplarIndexPage

    post_save.connect(
        wire_new_story_index,
        sender=ExemplarIndexPage,
        dispatch_uid="exemplar_stories_wire_new_story_index",
    )
