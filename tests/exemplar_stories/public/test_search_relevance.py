"""Issue #16: the public search's relevance table, over a fixed corpus built here (not the demo).

Each row: the query a citizen types (and any other filter) → the story expected first and the
stories expected among the first five, or no result at all. The corpus is built once for the
module, inside a transaction rolled back at the end. Runs on SQLite and, with DATABASE_URL, on
PostgreSQL; the PostgreSQL rows (trigram typo tolerance) use `require_postgres`.
"""

import unicodedata

import pytest
from django.db import transaction
from django.http import QueryDict
from wagtail.models import PageViewRestriction

from ..support.factories import field_of_work, make_movement, make_story, make_unit, vn_time

INDEX_URL = "/dien-hinh-tien-tien/"


def nfd(text):
    return unicodedata.normalize("NFD", text)


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ke_sach = make_unit("Phòng Tư pháp huyện Kế Sách")
        thanh_tra = make_unit("Thanh tra Sở")
        tgpl = make_unit("Trung tâm Trợ giúp pháp lý nhà nước")
        s = {}
        s["tu_sach"] = make_story(
            "Tủ sách pháp luật ở ấp Phú Hữu",
            unit=ke_sach,
            summary="Người dân mượn sách, tra cứu văn bản ngay tại nhà văn hóa ấp.",
            published_at=vn_time(2025, 1, 10, 8, 0),
        )
        s["hoa_giai"] = make_story(
            "Mô hình hòa giải ở cơ sở",
            kind="new_model",
            unit=thanh_tra,
            subject_kind="collective",
            subject_name="Tổ hòa giải ấp 3",
            summary="Các hộ dân làm lành sau nhiều năm tranh chấp đất đai.",
            movement=make_movement(),
            published_at=vn_time(2024, 5, 2, 8, 0),
        )
        s["hoa_giai_summary"] = make_story(
            "Một năm nhìn lại ở xã Đại Hải",
            unit=ke_sach,
            summary="Hòa giải thành công bốn mươi vụ việc, không để khiếu kiện kéo dài.",
            published_at=vn_time(2025, 6, 1, 8, 0),
        )
        s["hoa_giai_body"] = make_story(
            "Tấm gương thầm lặng",
            unit=thanh_tra,
            summary="Ba mươi năm gắn bó với ấp.",
            body=[("paragraph", "<p>Ông tham gia công tác hòa giải từ năm 1995.</p>")],
            published_at=vn_time(2026, 2, 1, 8, 0),  # the newest: ranking beats recency
        )
        s["tro_giup"] = make_story(
            "Trợ giúp pháp lý cho người nghèo",
            unit=tgpl,
            field=field_of_work("Trợ giúp pháp lý"),
            summary="Luật sư đi đến từng ấp, miễn phí cho hộ nghèo và người khuyết tật.",
            published_at=vn_time(2024, 9, 9, 8, 0),
        )
        s["ho_tich"] = make_story(
            "Cán bộ tận tụy ở bộ phận một cửa",
            kind="new_factor",
            unit=ke_sach,
            subject_name="Trần Thị Bích",
            subject_position="Công chức tư pháp – hộ tịch",
            summary="Đăng ký khai sinh cho trẻ ngay trong ngày.",
            published_at=vn_time(2023, 3, 3, 8, 0),
        )
        s["to_tu_quan"] = make_story(
            "Tổ tự quản an ninh trật tự",
            unit=thanh_tra,
            summary="Người dân cùng giữ bình yên xóm làng.",
            published_at=vn_time(2024, 1, 1, 8, 0),
        )
        s["to_mau"] = make_story(
            "Tô màu cho ước mơ",
            unit=thanh_tra,
            summary="Lớp học vẽ miễn phí cho trẻ em vùng khó.",
            published_at=vn_time(2023, 1, 1, 8, 0),
        )
        s["criteria"] = make_story(
            "Người giữ lửa phong trào",
            unit=tgpl,
            summary="Ba năm liền hoàn thành xuất sắc nhiệm vụ.",
            criterion_compassion="Nhận đỡ đầu hai cháu mồ côi ở xã Nhơn Mỹ.",
            published_at=vn_time(2022, 1, 1, 8, 0),
        )
        # Never shown: a draft, a private story, a story taken down.
        make_story("Tủ sách bí mật bản nháp", live=False, unit=ke_sach)
        private = make_story("Tủ sách riêng tư ẩn danh", unit=ke_sach)
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
        make_story("Tủ sách đã gỡ xuống", unit=ke_sach).unpublish()
        yield s
        transaction.set_rollback(True)


#    query, extra filters, expected first, expected among the first five (all, if "exactly")
TABLE = [
    ("tủ sách pháp luật", {}, "tu_sach", []),
    ("pháp luật tủ sách", {}, "tu_sach", []),  # word order swapped
    ("tu sach phap luat", {}, "tu_sach", []),  # no diacritics
    (nfd("Tủ Sách"), {}, "tu_sach", []),  # decomposed input, capitals
    ("TU SACH", {}, "tu_sach", []),
    ("giúp trợ pháp lý", {}, "tro_giup", []),
    ("hoa giai", {}, "hoa_giai", ["hoa_giai_summary", "hoa_giai_body"]),
    ("hòa giải", {}, "hoa_giai", ["hoa_giai_summary", "hoa_giai_body"]),
    ("giai hoa", {}, "hoa_giai", ["hoa_giai_summary", "hoa_giai_body"]),
    ("Kế Sách", {}, None, ["tu_sach", "ho_tich", "hoa_giai_summary"]),  # a unit's name
    ("nhân tố mới", {}, "ho_tich", []),  # a kind's name
    ("mo hinh moi", {}, "hoa_giai", []),
    ('"tu sach phap luat"', {}, "tu_sach", []),  # a phrase in quotes
    ("tô", {}, "to_mau", ["to_tu_quan"]),  # the spelling typed ranks first
    ("tổ", {}, None, ["to_tu_quan", "hoa_giai", "to_mau"]),  # "Tổ hòa giải" is a subject
    ("tran thi bich", {}, "ho_tich", []),  # the subject
    ("khai sinh", {}, "ho_tich", []),  # the summary
    ("cong chuc ho tich", {}, "ho_tich", []),  # the subject's position
    ("mồ côi", {}, "criteria", []),  # the criteria
    ("trợ giúp", {"loai": "dien-hinh-tien-tien"}, "tro_giup", []),  # with a filter
    ("đại hải", {"nam": "2025"}, "hoa_giai_summary", []),
]
BEFORE = {"tổ": ("to_tu_quan", "to_mau"), "hoa giai": ("hoa_giai_summary", "hoa_giai_body")}
EXACTLY = {
    '"tu sach phap luat"': ["tu_sach"],
    "hoa giai": ["hoa_giai", "hoa_giai_summary", "hoa_giai_body"],
}
NOTHING = [
    ('"phap luat tu sach"', {}),  # the phrase in another order
    ("tủ sách bí mật", {}),  # a draft
    ("riêng tư ẩn danh", {}),  # a private story
    ("đã gỡ xuống", {}),  # unpublished
    ("xyzzy quux", {}),
    ("hòa giải khai sinh", {}),  # every word must match
    ("tá", {}),  # whole words: "ta" is not "tam" (and too short to be corrected)
    ("pháp lý", {"don-vi": "thanh-tra-so"}),  # with a filter
]


@pytest.fixture(autouse=True)
def _like_a_large_site(search_like_a_large_site):
    pass


def search(client, q, **filters):
    response = client.get(INDEX_URL, {"q": q, **filters})
    assert response.status_code == 200
    return response


def ids(response, corpus):
    by_pk = {story.pk: name for name, story in corpus.items()}
    return [by_pk.get(story.pk, story.title) for story in response.context["stories"]]


# The query counts are a search's own on a running site: each test first visits the index once,
# which warms the per-process caches (the site's root paths).
@pytest.mark.django_db
@pytest.mark.parametrize(("q", "filters", "first", "top5"), TABLE, ids=[r[0] for r in TABLE])
def test_relevance(client, corpus, django_assert_max_num_queries, q, filters, first, top5):
    client.get(INDEX_URL)
    with django_assert_max_num_queries(12):
        found = ids(search(client, q, **filters), corpus)
    if first:
        assert found[:1] == [first], found
    assert set(top5) <= set(found[:5]), found
    if q in EXACTLY:
        assert found == EXACTLY[q]
    if q in BEFORE:
        better, worse = BEFORE[q]
        assert found.index(better) < found.index(worse), found


@pytest.mark.django_db
@pytest.mark.parametrize(("q", "filters"), NOTHING, ids=[r[0] for r in NOTHING])
def test_finds_nothing(client, corpus, django_assert_max_num_queries, q, filters):
    client.get(INDEX_URL)
    # A suggestion tried (and finding nothing) included: no more than any other search.
    with django_assert_max_num_queries(12):
        response = search(client, q, **filters)
    assert ids(response, corpus) == []


@pytest.mark.django_db
def test_the_stories_of_a_narrow_filter_are_searched_as_the_index_searches_them(
    client, corpus, monkeypatch
):
    """A filter that leaves few stories (a unit in one quarter) is searched in those stories'
    stored text instead of the index (public/search.py, NARROW): every row of the table, found
    or not, gives the same stories in the same order by either way."""
    from exemplar_stories.public import search as engine

    answers = {}
    for read_among in (False, True):
        monkeypatch.setattr(engine, "_read_among", lambda *_args, how=read_among: how)
        answers[read_among] = [
            ids(search(client, q, **filters), corpus) for q, filters, *_rest in TABLE + NOTHING
        ]
    assert answers[True] == answers[False]
    assert all(answers[True][: len(TABLE)]) and not any(answers[True][len(TABLE) :])


@pytest.mark.django_db
def test_postgresql_reading_the_newest_entries_first_finds_what_reading_all_finds(
    client, corpus, require_postgres, monkeypatch
):
    """PostgreSQL reads the newest index entries first and the whole index only for a window
    that found too few there (public/search.py, `_candidate_ids`). Ranking two candidates per
    window and reading first the newest 5, 15 or 40 entries, so that both branches are taken,
    every row of the table gives the same stories as reading the whole index."""
    from exemplar_stories.public import search as engine

    monkeypatch.setattr(engine, "CANDIDATES", 1)
    answers = {}
    for recent in (10**9, 5, 15, 40):
        monkeypatch.setattr(engine, "RECENT_ENTRIES", recent)
        answers[recent] = [ids(search(client, q, **f), corpus) for q, f, *_rest in TABLE]
    assert answers[5] == answers[15] == answers[40] == answers[10**9]
    assert all(answers[10**9])


@pytest.mark.django_db
def test_a_typo_finds_the_story_and_says_what_it_searched(
    client, corpus, django_assert_max_num_queries
):
    # Both databases correct it (PostgreSQL by trigram similarity, SQLite by the fallback),
    # within the same 12 queries as any search: the suggestion's search included.
    client.get(INDEX_URL)
    with django_assert_max_num_queries(12):
        response = search(client, "hoa giaj")
    assert ids(response, corpus)[0] == "hoa_giai"
    html = response.content.decode()
    assert "Có phải bạn muốn tìm" in html
    assert "hòa giải" in html


@pytest.mark.django_db
def test_the_suggestions_link_searches_its_words_with_the_same_filters_from_page_one(
    client, corpus
):
    response = client.get(INDEX_URL, {"q": "hoa giaj", "loai": "mo-hinh-moi", "trang": "1"})
    assert response.context["suggested_search"] == "hòa giải"
    link = response.context["suggested_search_url"]
    assert QueryDict(link.removeprefix("?")) == QueryDict("loai=mo-hinh-moi&q=hòa+giải")
    assert f'<a href="{link.replace("&", "&amp;")}">hòa giải</a>' in response.content.decode()
    followed = client.get(INDEX_URL + link)
    assert ids(followed, corpus) == ids(response, corpus) == ["hoa_giai"]
    assert followed.context["suggested_search"] == ""


def test_a_typo_is_corrected_by_trigram_similarity_on_postgresql(
    require_postgres, client, corpus, django_assert_max_num_queries
):
    client.get(INDEX_URL)
    with django_assert_max_num_queries(12):  # the nearest headings: one query
        response = search(client, "tro giupp phap lyy")
    assert ids(response, corpus)[0] == "tro_giup"
    assert response.context["suggested_search"] == "trợ giúp pháp lý"


@pytest.mark.django_db
def test_matched_words_are_highlighted_and_escaped(client, corpus):
    html = search(client, "hoa giai").content.decode()
    assert "<mark>hòa</mark> <mark>giải</mark>" in html  # the title
    assert "<mark>Hòa</mark> <mark>giải</mark> thành công" in html  # the summary


@pytest.mark.django_db
def test_a_snippet_never_lets_markup_through(client):
    make_story("Bài <script>alert(1)</script> hòa giải", summary="<b>hòa giải</b> & <i>x</i>")
    html = search(client, "hoa giai").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;b&gt;<mark>hòa</mark> <mark>giải</mark>&lt;/b&gt; &amp; &lt;i&gt;x" in html


@pytest.mark.django_db
def test_the_feeds_accept_the_same_search(client, corpus):
    atom = client.get(INDEX_URL + "feed/atom/", {"q": "giai hoa"}).content.decode()
    assert "Mô hình hòa giải ở cơ sở" in atom
    assert "Tủ sách pháp luật" not in atom


@pytest.mark.django_db
def test_a_word_typed_with_diacritics_marks_the_words_spelt_so(client):
    make_story("Điển hình ngành điện lực", summary="Thợ điện giỏi của ấp.")
    html = search(client, "điển hình").content.decode()
    assert "<mark>Điển</mark> <mark>hình</mark> ngành điện lực" in html  # not "điện"
    # A text without the word spelt so marks its folded matches.
    assert "Thợ <mark>điện</mark> giỏi" in html


@pytest.mark.django_db
def test_a_word_typed_without_diacritics_marks_every_folded_match(client):
    make_story("Điển hình ngành điện lực")
    html = search(client, "dien").content.decode()
    assert "<mark>Điển</mark> hình ngành <mark>điện</mark> lực" in html
