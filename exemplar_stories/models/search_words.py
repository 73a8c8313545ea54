"""The words of the published stories' titles and subjects: what "Có phải bạn muốn tìm …"
proposes instead of a word that finds nothing (public/search.py, `suggestion`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

WORD_LENGTH = 64


class SearchWord(models.Model):
    """One word (letters only) of a published story's heading, folded and as first written.
    Added when a story is published and never removed: a word whose stories are gone finds
    nothing, and a suggestion is shown only when it finds stories. On PostgreSQL a trigram index over these few
    thousand words answers the nearest words to a typo in milliseconds (over every story's
    heading it took 100 ms at 100,000 stories)."""

    folded = models.CharField(_("word"), max_length=WORD_LENGTH, primary_key=True)
    written = models.CharField(_("as written"), max_length=WORD_LENGTH)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.written
