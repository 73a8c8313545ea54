"""Admin forms for the story pages."""

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from .text import slugify_vi
from .widgets import VietnameseSlugInput


class VietnameseSlugPageForm(WagtailAdminPageForm):
    """The slug is filled in the browser as the server fills it: ASCII Vietnamese."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].widget = VietnameseSlugInput(
                locale=getattr(self.instance, "locale", None)
            )


class StoryPageForm(VietnameseSlugPageForm):
    """Lets the slug be left empty: the server then makes it from the title, as ASCII Vietnamese.

    The same rule applies whether the page is created in the admin, by a command or in a test,
    and whether the title arrives composed (NFC) or decomposed (NFD).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        cleaned = self.cleaned_data
        title = cleaned.get("title")
        slug = cleaned.get("slug")
        if title and not slug and self.parent_page is not None:
            base = slugify_vi(title, max_length=200) or "bai-viet"
            candidate, suffix = base, 1
            while not Page._slug_is_available(candidate, self.parent_page, self.instance):
                suffix += 1
                candidate = f"{base}-{suffix}"
            cleaned["slug"] = candidate
        elif slug:
            cleaned["slug"] = slugify_vi(slug) or slug
        return super().clean()
