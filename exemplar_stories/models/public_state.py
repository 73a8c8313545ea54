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


class PublicVersion(models.Model):
    """One row: the version of what citizens see, given a new (random) value in the transaction
    of every change to it (a page published, unpublished, moved or deleted, a view restriction,
    a site, a unit, field, movement or award; `public.page_cache.invalidate_public_pages`).

    What the listings keep in a cache (the filter menus, the stories per year, a filtered
    listing's count) is keyed by this version, read from the database by every worker: a
    per-process cache (locmem) then never serves a menu or a count from before a change made
    through another worker. `changed_at` is the feeds' Last-Modified (no `MAX()` over the
    stories)."""

    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("public version")
        verbose_name_plural = _("public versions")

    def __str__(self):
        return f"{self.version}"
