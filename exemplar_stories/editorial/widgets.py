"""The admin's slug input, transliterating Vietnamese in the browser as the server does."""

import unicodedata
from collections import defaultdict

from wagtail.admin.widgets import SlugInput

from ..core.text import fold

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # ` ´ ~ hook, dot below


def _vietnamese_letters():
    for vowel in _VOWELS + _VOWELS.upper():
        for tone in _TONES:
            yield unicodedata.normalize("NFC", vowel + tone)
    yield from "đĐ"


def slug_formatters():
    """Regex replacements, run by Wagtail's `w-slug` controller before its own transliteration,
    that make the browser's slug equal `text.slugify_vi`: drop combining marks (NFD input), fold
    each Vietnamese letter as `text.fold` does ("ể" → "e", "Đ" → "d"), then turn every other run
    of characters into one hyphen and trim the ends."""
    by_ascii = defaultdict(str)
    for letter in _vietnamese_letters():
        if not letter.isascii():
            by_ascii[fold(letter)] += letter
    return [
        (r"[\u0300-\u036f]", ""),
        *((f"[{letters}]", ascii_letter) for ascii_letter, letters in sorted(by_ascii.items())),
        (r"[^A-Za-z0-9]+", "-"),
        (r"^-+|-+$", ""),
    ]


class VietnameseSlugInput(SlugInput):
    """Wagtail's slug input, with ASCII Vietnamese transliteration in the browser.

    Wagtail's own client-side transliteration has no Vietnamese map: "Điển hình" becomes
    "djin-hinh". Its documented `formatters` hook runs first, so the browser and the server
    (`text.slugify_vi`) agree, for NFC and NFD titles alike.
    """

    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(
            attrs=attrs, formatters=[*slug_formatters(), *(formatters or [])], locale=locale
        )
