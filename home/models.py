from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PagePermissionTester


class HomePagePermissionTester(PagePermissionTester):
    """Wagtail offers a page's *History* to anyone (`can_view_revisions`: any page but the
    root) while its history view admits only who may edit or publish the page: offer it to
    them only."""

    def can_view_revisions(self):
        return super().can_view_revisions() and (self.can_edit() or self.can_publish())


class HomePage(Page):
    """The portal's front page: an introduction, then the latest exemplar stories."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short introduction shown at the top of the home page."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def __str__(self):
        return self.title

    def permissions_for_user(self, user):
        return HomePagePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from django.utils import timezone

        from exemplar_stories.core.choices import KIND_SLUGS, StoryKind
        from exemplar_stories.core.quarters import quarter_of
        from exemplar_stories.public.filters import PARAMS
        from exemplar_stories.public.navigation import story_index_link
        from exemplar_stories.public.selectors import featured_exemplar, latest_stories
        from exemplar_stories.public.surrogate_keys import tag_home

        context = super().get_context(request, *args, **kwargs)
        year, quarter = quarter_of(timezone.now())
        context["featured"] = featured_exemplar(year=year, quarter=quarter)
        context["latest"] = [s for s in latest_stories(7) if s != context["featured"]][:6]
        tag_home(request, self, [context["featured"], *context["latest"]])  # the HTTP cache's keys
        context["story_index"] = story_index_link(request)  # cached, as in the navigation
        context["kinds"] = [(slug, StoryKind(kind).label) for slug, kind in KIND_SLUGS.items()]
        context["filter_params"] = PARAMS  # the index's parameter names (`?loai=…`)
        return context
