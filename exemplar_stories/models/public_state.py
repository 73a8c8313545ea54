"""What a live story's public pages were last rendered from: written when it is published, read
when it is published again or withdrawn (public/purge.py), so that the HTTP cache is purged of
the pages the story left as well as those it joined. Kept out of the page model on purpose: a
page's fields are copied into every revision, and publishing an old revision would bring back
an old snapshot."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedStoryState(models.Model):
    story = models.OneToOneField(
        "exemplar_stories.StoryPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="published_story_state",
        verbose_name=_("story"),
    )
    # The related stories shown on the story's page, chosen when it was published.
    related_ids = models.JSONField(_("related stories"), default=list, blank=True)
    # Where it was listed when it was published: {"index": id, "values": {filter: value}}
    # (public/surrogate_keys.py: the listings it appeared on are those these values match).
    listed_as = models.JSONField(_("listed as"), default=dict, blank=True)

    class Meta:
        verbose_name = _("published story state")
        verbose_name_plural = _("published story states")

    def __str__(self):
        return f"{self.story_id}"
