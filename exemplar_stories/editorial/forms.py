"""Admin forms of the story pages (their `base_form_class`): server-side slugs, the editor's own
unit, Office-only fields; and their copy form (`copy_form_class`: a copy is a draft)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm
from wagtail.models import Page

from ..access.roles import is_office, unit_of, unit_scope
from ..core.text import slugify_vi
from .widgets import VietnameseSlugInput

SLUG_LENGTH = Page._meta.get_field("slug").max_length


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
        self.limit_units_to_the_editors_own()
        self.drop_office_only_fields()

    # The panel holding these is hidden from editors, but Wagtail still builds the fields into
    # the form, so a forged POST could set them: remove them for anyone without the permission.
    OFFICE_ONLY_FIELDS = ("quarter_year", "quarter_number", "quarter_is_manual")

    def drop_office_only_fields(self):
        user = getattr(self, "for_user", None)
        if user is not None and not user.has_perm("exemplar_stories.override_story_quarter"):
            for name in self.OFFICE_ONLY_FIELDS:
                self.fields.pop(name, None)

    def limit_units_to_the_editors_own(self):
        """An editor writes for their unit only; the Office (and superusers) for any unit that
        exists today (a unit that ended in a merger writes nothing new). A story inherited from
        a former unit (`roles.unit_scope`) keeps the unit it was written
        for: that one stays a choice when it is edited, and no other."""
        user = getattr(self, "for_user", None)
        if "unit" in self.fields:  # a former unit reads "… (nay là …)" in the choice too
            self.fields["unit"].label_from_instance = lambda choice: choice.label
        if "unit" not in self.fields or user is None:
            return
        if is_office(user):  # any unit that exists today, and the story's own when edited
            own = getattr(self.instance, "unit_id", None) if self.instance.pk else None
            field = self.fields["unit"]
            field.queryset = field.queryset.filter(Q(active=True) | Q(pk=own))
            return
        unit = unit_of(user)
        field = self.fields["unit"]
        # A unit that has ended (split, with its editors not yet moved) writes nothing new.
        current = unit if unit is not None and unit.active else None
        allowed = {current.pk} if current else set()
        own_unit = getattr(self.instance, "unit_id", None)
        if self.instance.pk and own_unit in unit_scope(user):
            allowed.add(own_unit)
        field.queryset = field.queryset.filter(pk__in=allowed)
        if allowed:
            field.empty_label = None  # one choice: their unit, already selected
            if not self.initial.get("unit") and current:  # model_to_dict: None for a new page
                self.initial["unit"] = current.pk
        elif unit is not None:
            field.help_text = _(
                "Your unit “%(unit)s” no longer exists: ask the Office to attach your account "
                "to the unit that replaced it."
            ) % {"unit": unit.name}
        else:
            field.help_text = _("Your account is not attached to a unit yet: ask the Office.")

    def _slug_was_made_from_the_title(self, slug, title):
        """Whether the slug is what the browser (or the server) makes from the title, rather than
        one the editor typed: only then may it be changed without asking."""
        if self.instance.pk and slug == self.instance.slug:
            return False  # unchanged: it is the page's own
        return slug in {slugify_vi(title), slugify_vi(title, max_length=200)}

    def _unique_slug(self, base):
        candidate, suffix = base, 1
        while not Page._slug_is_available(candidate, self.parent_page, self.instance):
            suffix += 1
            candidate = f"{base}-{suffix}"
        return candidate

    def clean(self):
        cleaned = self.cleaned_data
        title = cleaned.get("title")
        slug = cleaned.get("slug")
        if title and not slug and self.parent_page is not None:
            cleaned["slug"] = self._unique_slug(slugify_vi(title, max_length=200) or "bai-viet")
        elif slug:
            # Cut to the field: transliterating can lengthen a typed address ("ﬃ" → "ffi").
            slug = cleaned["slug"] = slugify_vi(slug, max_length=SLUG_LENGTH) or slug
            if self.parent_page is not None and not Page._slug_is_available(
                slug, self.parent_page, self.instance
            ):
                if title and self._slug_was_made_from_the_title(slug, title):
                    # Another story (often an earlier draft of the same one) has this title:
                    # propose the next free address instead of a hidden error on the Promote tab.
                    cleaned["slug"] = self._unique_slug(slug)
                else:
                    self.add_error("slug", _("Another story already uses this web address."))
                    self.add_error(
                        None,
                        _(
                            "The web address “%(slug)s” (Promote tab) is already used by another "
                            "story. Change it there, or empty it to have a free one made from "
                            "the title."
                        )
                        % {"slug": slug},
                    )
        return super().clean()


class StoryCopyForm(CopyForm):
    """Wagtail's copy form, offering "publish copied page" and "alias" only where the parent's
    permission tester allows publishing a page in one go: under the story index nobody may
    (four-eyes, access.stories.StoryIndexPermissionTester), so a story's copy is a draft."""

    LIVE_COPY_FIELDS = ("publish_copies", "alias")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.page.get_parent()
        if parent is None or not parent.permissions_for_user(self.user).can_publish_subpage():
            for name in self.LIVE_COPY_FIELDS:
                self.fields.pop(name, None)
