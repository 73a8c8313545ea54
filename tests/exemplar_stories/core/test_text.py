import unicodedata

import pytest

from exemplar_stories.core.text import (
    fold,
    nfc,
    normalise_text_fields,
    search_key,
    slugify_vi,
    strip_control_chars,
)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Điển hình tiên tiến", "dien-hinh-tien-tien"),
        ("Phòng Tư pháp huyện Kế Sách", "phong-tu-phap-huyen-ke-sach"),
        ("Mô hình mới: “Tủ sách pháp luật” ở ấp!", "mo-hinh-moi-tu-sach-phap-luat-o-ap"),
        ("ĐỒNG KHỞI đường đê", "dong-khoi-duong-de"),
    ],
)
def test_slugify_vi_transliterates_vietnamese(title, slug):
    assert slugify_vi(title) == slug


def test_slugify_vi_is_the_same_for_nfc_and_nfd_input():
    title = "Nhân tố mới ở Cù Lao Dung"
    nfd = unicodedata.normalize("NFD", title)
    assert nfd != title
    assert slugify_vi(nfd) == slugify_vi(title) == "nhan-to-moi-o-cu-lao-dung"


def test_fold_removes_diacritics_for_search():
    assert fold("Kế Sách") == "ke sach"
    assert fold(unicodedata.normalize("NFD", "điển hình")) == "dien hinh"


def test_nfc_composes_decomposed_text():
    assert nfc(unicodedata.normalize("NFD", "Sở Tư pháp")) == "Sở Tư pháp"
    assert nfc(None) is None


def test_strip_control_chars_keeps_newlines():
    assert strip_control_chars("a\x00b\x0bc\nd\te") == "abc\nd\te"


def test_slugify_vi_cuts_at_max_length_without_a_trailing_hyphen():
    assert slugify_vi("Điển hình tiên tiến", max_length=6) == "dien-h"
    assert slugify_vi("Điển hình tiên tiến", max_length=5) == "dien"  # not "dien-"
    assert slugify_vi("Điển hình tiên tiến", max_length=None) == "dien-hinh-tien-tien"
    assert slugify_vi("--Điển--hình--") == "dien-hinh"  # no hyphens at either end
    assert slugify_vi("A1 b2") == "a1-b2"


def test_fold_drops_what_has_no_ascii_form_and_keeps_the_rest_lowercase():
    assert fold("Gương – “mẫu” ĐẸP 2026") == "guong  mau dep 2026"
    assert fold("Æ ø") == " "  # no ASCII decomposition: dropped, not an error
    assert fold(None) == "" and fold("") == ""


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Phòng Tư pháp huyện Kế Sách", " phong tu phap huyen ke sach "),
        ("  Kế-Sách,  “tủ sách”!  ", " ke sach tu sach "),
        ("Đ1 đ2", " d1 d2 "),
        ("", ""),
        (None, ""),
        (" – “ ” ", ""),  # no word at all: no padding either
    ],
)
def test_search_key_is_the_folded_words_padded_with_spaces(text, key):
    assert search_key(text) == key


def test_search_key_padding_makes_a_phrase_match_whole_words_only():
    key = search_key("Phòng Tư pháp huyện Kế Sách")
    assert search_key("kế sách") in key
    assert search_key("tu sach") not in key  # "Tư pháp … Sách" is not the phrase "tủ sách"
    assert search_key("ach") not in key  # not a part of a word


def test_normalise_text_fields_composes_every_text_field_and_optionally_drops_controls():
    from exemplar_stories.models import Unit

    decomposed = unicodedata.normalize("NFD", "Kế Sách")
    unit = Unit(name=decomposed + "\x07", slug="ke-sach")
    normalise_text_fields(unit)
    assert unit.name == "Kế Sách\x07"  # composed; control characters kept unless asked
    assert unit.slug == "ke-sach"
    unit.name = decomposed + "\x07"
    normalise_text_fields(unit, strip_controls=True)
    assert unit.name == "Kế Sách"
