import unicodedata

import pytest

from exemplar_stories.core.text import fold, nfc, slugify_vi, strip_control_chars


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
