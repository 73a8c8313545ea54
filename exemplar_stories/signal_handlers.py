"""Signal handlers, connected once from ExemplarStoriesConfig.ready() with dispatch_uids."""

from wagtail.signals import page_published


def link_story_to_registration(sender, instance, **kwargs):
    """A story about a registered nominee is published: link it to the registration."""
    from .models import StoryPage
    from .registrations.services import link_published_story

    if isinstance(instance, StoryPage):
        link_published_story(story=instance)


def register_signal_handlers():
    """Later features (syndication, registrations) connect their receivers here."""
    page_published.connect(
        link_story_to_registration, dispatch_uid="exemplar_stories_link_story_to_registration"
    )
