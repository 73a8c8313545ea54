"""Vietnamese text helpers: NFC normalisation, ASCII slugs, diacritic-free search keys.

Vietnamese arrives both composed (NFC, most keyboards) and decomposed (NFD, macOS, some
copy-paste from PDFs). We store NFC everywhere and fold to ASCII only for slugs and search keys.
"""

import re
import unicodedata

# "đ" has no Unicode decomposition, so NFKD + ASCII would drop it; map it by hand.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "D"})
# C0/C1 control characters except tab, newline and carriage return; invalid in XML 1.0 too.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def nfc(value):
    """Return `value` in NFC; non-strings are returned unchanged."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def strip_control_chars(value):
    return _CONTROL_CHARS.sub("", value)


def fold(value):
    """Lowercase ASCII without diacritics: "Kế Sách" → "ke sach", "Điển hình" → "dien hinh"."""
    value = unicodedata.normalize("NFC", value or "").translate(_SPECIAL)
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return value.encode("ascii", "ignore").decode("ascii").lower()


def slugify_vi(value, max_length=None):
    """ASCII slug for Vietnamese text, the same for NFC and NFD input.

    >>> slugify_vi("Điển hình tiên tiến")
    'dien-hinh-tien-tien'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")
    if max_length:
        slug = slug[:max_length].rstrip("-")
    return slug


def search_key(value):
    """Words of `value`, folded and space-padded, so that a phrase matches on word boundaries:
    " phong tu phap huyen ke sach " contains " ke sach " but not " tu sach "."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(value)).split()
    return f" {' '.join(words)} " if words else ""


_WORDS = re.compile(r"[^\W_]+")


def folded_words(value):
    """The words of `value` folded: "Hòa giải ở cơ sở" → ["hoa", "giai", "o", "co", "so"]."""
    return search_key(value).split()


def exact_words(value):
    """The words of `value` as typed, lowercased NFC: "Hòa GIẢI" → ["hòa", "giải"]."""
    return _WORDS.findall(unicodedata.normalize("NFC", value or "").lower())


def ranked_key(value):
    """What a ranked field stores: its words folded, then as written (lowercased NFC), each side
    space-padded, so that " hoa " (any spelling) and " hòa " (this spelling) are both found by
    a plain substring test on any database: " hoa giai | hòa giải "."""
    folded = folded_words(value)
    if not folded:
        return ""
    return f" {' '.join(folded)} | {' '.join(exact_words(value))} "


def normalise_text_fields(instance, *, strip_controls=False):
    """NFC every CharField and TextField of a model instance (optionally dropping control chars)."""
    from django.db import models

    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                value = nfc(value)
                setattr(
                    instance, field.attname, strip_control_chars(value) if strip_controls else value
                )


def yes_no(value):
    """A boolean as staff read it: "Có" / "Không" ("" for unknown), never True/False."""
    from django.utils.translation import gettext

    if value is None:
        return ""
    return gettext("Yes") if value else gettext("No")
