"""The citizens' portal: index filters, search, bad input, visibility, story page, query counts."""

import datetime

import pytest
from wagtail.models import Page, PageViewRestriction, Site

from exemplar_stories.models import (
    Award,
    ExemplarIndexPage,
    Field,
    PublishedStoryState,
    StoryAward,
    UnitChange,
    UnitChangeKind,
)
from exemplar_stories.public.selectors import featured_exemplar, public_stories

from ..support.factories import make_movement, make_story, make_unit, vn_time

pytestmark = pytest.mark.django_db

INDEX_URL = "/dien-hinh-tien-tien/"


def titles(response):
    return [story.title for story in response.context["stories"]]


@pytest.fixture
def stories():
    ke_sach = make_unit("Phòng Tư pháp huyện Kế Sách")
    thanh_tra = make_unit("Thanh tra Sở")
    legal_aid = Field.objects.get(name="Trợ giúp pháp lý")
    movement = make_movement()
    return {
        "a": make_story(
            "Điển hình tiên tiến ở Kế Sách",
            unit=ke_sach,
            field=legal_aid,
            published_at=vn_time(2026, 3, 31, 23, 30),
        ),
        "b": make_story(
            "Mô hình hòa giải",
            kind="new_model",
            unit=thanh_tra,
            subject_kind="collective",
            movement=movement,
            published_at=vn_time(2026, 4, 1, 0, 10),
        ),
        "c": make_story(
            "Nhân tố trẻ",
            kind="new_factor",
            unit=thanh_tra,
            published_at=vn_time(2025, 8, 1, 9, 0),
        ),
    }


def test_index_lists_live_stories_newest_first(client, stories):
    response = client.get(INDEX_URL)
    assert response.status_code == 200
    assert titles(response) == ["Mô hình hòa giải", "Điển hình tiên tiến ở Kế Sách", "Nhân tố trẻ"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("loai=dien-hinh-tien-tien", ["Điển hình tiên tiến ở Kế Sách"]),
        ("loai=mo-hinh-moi", ["Mô hình hòa giải"]),
        ("loai=nhan-to-moi", ["Nhân tố trẻ"]),
        ("don-vi=thanh-tra-so", ["Mô hình hòa giải", "Nhân tố trẻ"]),
        ("linh-vuc=tro-giup-phap-ly", ["Điển hình tiên tiến ở Kế Sách"]),
        ("phong-trao=thi-dua-day-manh-cai-cach-hanh-chinh", ["Mô hình hòa giải"]),
        ("doi-tuong=tap-the", ["Mô hình hòa giải"]),
        ("doi-tuong=ca-nhan", ["Điển hình tiên tiến ở Kế Sách", "Nhân tố trẻ"]),
        ("nam=2026", ["Mô hình hòa giải", "Điển hình tiên tiến ở Kế Sách"]),
        ("nam=2026&quy=1", ["Điển hình tiên tiến ở Kế Sách"]),
        ("nam=2026&quy=2", ["Mô hình hòa giải"]),
        ("don-vi=thanh-tra-so&loai=nhan-to-moi&nam=2025", ["Nhân tố trẻ"]),
        ("don-vi=thanh-tra-so&nam=2026&quy=1", []),
    ],
)
def test_filters_combine(client, stories, query, expected):
    response = client.get(f"{INDEX_URL}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("dien hinh", ["Điển hình tiên tiến ở Kế Sách"]),
        ("điển hình", ["Điển hình tiên tiến ở Kế Sách"]),
        ("ke sach", ["Điển hình tiên tiến ở Kế Sách"]),
        ("KẾ SÁCH", ["Điển hình tiên tiến ở Kế Sách"]),
        ("hoa giai", ["Mô hình hòa giải"]),
        ("thanh tra", ["Mô hình hòa giải", "Nhân tố trẻ"]),  # the unit's name is searched too
        ("không có gì", []),
    ],
)
def test_search_ignores_diacritics(client, stories, q, expected):
    response = client.get(INDEX_URL, {"q": q})
    assert response.status_code == 200
    assert titles(response) == expected


def test_search_finds_text_in_the_body(client):
    make_story("Bài có thân", body=[("paragraph", "<p>Tủ sách pháp luật điện tử</p>")])
    make_story("Bài khác")
    # Both match "tu" and "sach" (the other's unit is "Phòng Tư pháp huyện Kế Sách"): the one
    # with the words side by side comes first; as a quoted phrase, only that one.
    assert titles(client.get(INDEX_URL, {"q": "tu sach"}))[0] == "Bài có thân"
    assert titles(client.get(INDEX_URL, {"q": '"tu sach"'})) == ["Bài có thân"]


def test_active_filters_are_shown_and_removable(client, stories):
    response = client.get(INDEX_URL, {"loai": "mo-hinh-moi", "don-vi": "thanh-tra-so"})
    active = {f.param: f for f in response.context["active_filters"]}
    assert set(active) == {"loai", "don-vi"}
    assert active["loai"].remove_url == "?don-vi=thanh-tra-so"
    html = response.content.decode()
    assert "Mô hình mới" in html
    assert 'href="?don-vi=thanh-tra-so"' in html


YEAR_NOT_A_NUMBER = "Năm phải là một số, ví dụ 2026."
BAD_SEARCH = "Từ khóa tìm kiếm quá dài hoặc chứa ký tự không hợp lệ."


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"nam": "abc"}, YEAR_NOT_A_NUMBER),
        ({"quy": "7"}, "Quý phải là 1, 2, 3 hoặc 4."),
        ({"trang": "99999"}, "Trang này không tồn tại; đang hiển thị trang cuối cùng."),
        ({"trang": "-1"}, "Số trang không hợp lệ; đang hiển thị trang đầu tiên."),
        (
            {"don-vi": "khong-co-don-vi-nay"},
            "Không rõ giá trị của bộ lọc “Đơn vị”; bộ lọc này đã được bỏ qua.",
        ),
        ({"loai": "bai-bao"}, "Không rõ loại bài viết; bộ lọc này đã được bỏ qua."),
        ({"q": "x" * 5000}, BAD_SEARCH),
        ({"q": "\x00\x01binary\xff"}, BAD_SEARCH),
        ({"linh-vuc": "\x00"}, "Không rõ giá trị của bộ lọc “Trường”; bộ lọc này đã được bỏ qua."),
        ({"nam": "9" * 400}, YEAR_NOT_A_NUMBER),
    ],
)
def test_bad_filter_values_give_a_friendly_page(client, stories, query, message):
    """A bad value is named in Vietnamese (400) and ignored: the reader still gets every story."""
    response = client.get(INDEX_URL, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert message in response.context["filter_errors"]
    assert message in html
    assert titles(response) == ["Mô hình hòa giải", "Điển hình tiên tiến ở Kế Sách", "Nhân tố trẻ"]


def test_page_number_past_the_end_shows_the_last_page(client, stories, settings):
    settings.EXEMPLAR_STORIES = {"STORIES_PER_PAGE": 2}
    response = client.get(INDEX_URL, {"trang": "99999"})
    assert response.context["stories"].number == 2
    assert titles(response) == ["Nhân tố trẻ"]


def test_index_paginates(client, settings):
    settings.EXEMPLAR_STORIES = {"STORIES_PER_PAGE": 12}
    for i in range(13):
        make_story(f"Bài {i:02d}", published_at=vn_time(2026, 1, 1 + i, 8, 0))
    first = client.get(INDEX_URL)
    assert len(titles(first)) == 12
    assert 'rel="next"' in first.content.decode()
    second = client.get(INDEX_URL, {"trang": "2"})
    assert titles(second) == ["Bài 00"]


def _private(page):
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")


def test_drafts_and_private_stories_appear_nowhere(client):
    visible = make_story("Bài công khai")
    draft = make_story("Bài nháp bí mật", live=False)
    private = make_story("Bài riêng tư bí mật", summary="Nội dung chỉ người có mật khẩu được đọc.")
    _private(private)
    for url in [
        INDEX_URL,
        INDEX_URL + "?q=bi+mat",
        INDEX_URL + "feed/atom/",
        INDEX_URL + "feed/rss/",
        INDEX_URL + "feed/json/",
        "/sitemap.xml",
        "/",
    ]:
        html = client.get(url).content.decode()
        assert "bí mật" not in html, url  # the titles
        # The sitemap holds only URLs: neither hidden story's slug is anywhere.
        assert draft.slug not in html and private.slug not in html, url
        assert (visible.slug if "sitemap" in url else visible.title) in html or "q=" in url, url
    assert client.get(draft.url or f"{INDEX_URL}{draft.slug}/").status_code == 404
    # Wagtail answers a password-protected page with its password form, not the story.
    assert "chỉ người có mật khẩu" not in client.get(private.url).content.decode()


def test_story_page_shows_everything_a_reader_needs(client):
    award = Award.objects.get(name="Chiến sĩ thi đua cơ sở")
    # Related stories are chosen when a story is published: this one is live before it.
    related = make_story("Cùng đơn vị", published_at=vn_time(2026, 11, 1, 9, 0))
    story = make_story(
        "Chị Hồng và sổ hộ tịch",
        summary="Mười năm làm hộ tịch.",
        criterion_achievement="Số hóa 12.000 trang sổ.",
        target_award=Award.objects.get(name="Chiến sĩ thi đua cấp bộ, cấp tỉnh"),
        published_at=vn_time(2026, 11, 26, 9, 0),
        field=Field.objects.get(name="Trợ giúp pháp lý"),
    )
    StoryAward.objects.create(
        page=story, award=award, year=2024, decision_number="198/QĐ-UBND", issuer="UBND huyện"
    )
    response = client.get(story.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thứ Năm, 26/11/2026" in html
    assert "Gương điển hình tiên tiến" in html  # kind badge
    assert "Số hóa 12.000 trang sổ." in html
    assert "198/QĐ-UBND" in html
    assert "Chiến sĩ thi đua cấp bộ, cấp tỉnh" in html
    assert related.title in html
    assert "application/ld+json" in html and '"@type": "Article"' in html
    assert 'property="og:title"' in html
    assert 'aria-label="Điều hướng phân cấp"' in html or "breadcrumbs" in html
    assert "print.css" in html


def test_home_page_shows_latest_stories_and_the_way_into_each_kind(client):
    make_story("Bài mới nhất", published_at=vn_time(2026, 11, 20, 9, 0))
    html = client.get("/").content.decode()
    assert "Bài mới nhất" in html
    assert "?loai=mo-hinh-moi" in html and "?loai=nhan-to-moi" in html


def test_index_query_count_does_not_grow_with_stories(client, django_assert_max_num_queries):
    for i in range(5):
        make_story(f"Bài {i}", published_at=vn_time(2026, 1, 1 + i, 8, 0))
    client.get(INDEX_URL)  # warm caches (site root paths)
    with django_assert_max_num_queries(30) as small:
        client.get(INDEX_URL)
    small_count = len(small.captured_queries)  # read now: the next request clears the log
    for i in range(45):
        make_story(f"Bài thêm {i}", published_at=vn_time(2026, 2, 1 + i % 27, 8, 0))
    client.get(INDEX_URL)  # warm again: publishing forgets the navigation's cached index link
    with django_assert_max_num_queries(small_count) as large:
        client.get(INDEX_URL)
    assert len(large.captured_queries) == small_count


def test_home_and_feed_query_counts_do_not_grow_with_stories(client, django_assert_max_num_queries):
    for i in range(5):
        make_story(f"Bài {i}", published_at=vn_time(2026, 1, 1 + i, 8, 0))
    counts = {}
    for url in ["/", INDEX_URL + "feed/atom/", INDEX_URL + "feed/json/"]:
        client.get(url)
        with django_assert_max_num_queries(40) as ctx:
            client.get(url)
        counts[url] = len(ctx.captured_queries)
    for i in range(45):
        make_story(f"Bài thêm {i}", published_at=vn_time(2026, 2, 1 + i % 27, 8, 0))
    for url, before in counts.items():
        client.get(url)  # warm again: publishing forgets the navigation's cached index link
        with django_assert_max_num_queries(before) as ctx:
            client.get(url)
        assert len(ctx.captured_queries) == before, url


def test_story_page_runs_at_most_10_queries_when_warm(client, django_assert_max_num_queries):
    make_story("Liên quan")  # live before the story, so chosen as related when it is published
    story = make_story("Một câu chuyện", field=Field.objects.get(name="Trợ giúp pháp lý"))
    client.get(story.url)
    with django_assert_max_num_queries(10):
        response = client.get(story.url)
    assert response.status_code == 200
    assert "Liên quan" in response.content.decode()


def test_stories_under_a_restricted_index_are_private_too(client):
    story = make_story("Bài trong khu vực riêng tư")
    _private(story.get_parent())
    assert list(public_stories()) == []
    assert "khu vực riêng tư" not in client.get("/").content.decode()


def test_every_kind_of_story_is_served_as_its_own_class(client):
    for kind in ("exemplar", "new_model", "new_factor"):
        story = make_story(f"Loại {kind}", kind=kind)
        response = client.get(story.url)
        assert response.status_code == 200
        assert type(response.context["page"]) is type(story)
    assert client.get(INDEX_URL + "khong-co-bai-nay/").status_code == 404


def test_years_and_count_cover_only_public_stories_and_follow_publishing(client):
    make_story("Bài 2024", published_at=vn_time(2024, 5, 1, 9, 0))
    make_story("Bài 2022", published_at=vn_time(2022, 5, 1, 9, 0))
    hidden = make_story("Bài riêng tư 2023", published_at=vn_time(2023, 5, 1, 9, 0))
    _private(hidden)
    draft = make_story(
        "Bài nháp", live=False, quarter_is_manual=True, quarter_year=2021, quarter_number=2
    )
    response = client.get(INDEX_URL)
    assert list(response.context["years"]) == [2024, 2022]
    assert response.context["paginator"].count == 2
    assert client.get(INDEX_URL + "?nam=2024").context["paginator"].count == 1

    draft.save_revision().publish(skip_permission_checks=True)
    hidden.view_restrictions.all().delete()
    response = client.get(INDEX_URL)
    assert list(response.context["years"]) == [2024, 2023, 2022, 2021]
    assert response.context["paginator"].count == 4

    draft.refresh_from_db()
    draft.unpublish()
    assert list(client.get(INDEX_URL).context["years"]) == [2024, 2023, 2022]


def test_a_restriction_elsewhere_leaves_other_stories_public(client):
    public = make_story("Bài công khai")
    restricted = make_story("Bài riêng tư")
    _private(restricted)
    assert [story.pk for story in public_stories()] == [public.pk]
    assert "Bài công khai" in client.get(INDEX_URL).content.decode()


def test_every_page_links_the_story_index_in_the_main_navigation(client, stories):
    for url in ["/", INDEX_URL, stories["a"].url, "/khong-co/"]:
        html = client.get(url).content.decode()
        nav = html[html.index('aria-label="Điều hướng chính"') :]
        nav = nav[: nav.index("</nav>")]
        assert 'href="/dien-hinh-tien-tien/"' in nav, url


def test_renaming_the_index_shows_in_the_navigation_at_once(client, stories):
    index = stories["a"].get_parent().specific
    client.get("/")  # caches the link
    index.title = "Gương sáng ngành Tư pháp"
    index.save_revision().publish()
    assert "Gương sáng ngành Tư pháp" in client.get("/").content.decode()


def test_a_year_and_kind_filter_reads_only_that_years_stories_of_that_kind(client):
    """SQLite reads one index per table: through the year's index alone, a filter on a year and
    a kind read (and sorted) every story of the year; the year, kind and subject index reads
    only the matching ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    make_story("Mô hình của tập thể", kind="new_model", subject_kind="collective",
               published_at=vn_time(2024, 5, 2, 8, 0))  # fmt: skip
    client.get("/dien-hinh-tien-tien/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            "/dien-hinh-tien-tien/", {"loai": "mo-hinh-moi", "doi-tuong": "tap-the", "nam": "2024"}
        )
    assert [s.title for s in response.context["stories"]] == ["Mô hình của tập thể"]
    listing = [q["sql"] for q in queries.captured_queries if '"quarter_year" = ' in q["sql"]]
    assert listing
    with connection.cursor() as cursor:
        for sql in listing:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " / ".join(row[-1] for row in cursor.fetchall())
            assert "story_year_kind_subject" in plan, plan


def test_each_combination_of_filters_counts_its_own_stories(client):
    # The count of a filtered listing is kept per combination of filters: each one, and the
    # same unit with or without its former units, shows its own.
    successor = make_unit("Phòng Tư pháp huyện Châu Thành")
    former = make_unit("Phòng Tư pháp huyện Kế An")
    UnitChange.objects.create(
        predecessor=former,
        successor=successor,
        kind=UnitChangeKind.MERGED_INTO,
        effective_date=datetime.date(2025, 1, 1),
    )
    make_story("Điển hình Châu Thành", unit=successor)
    make_story("Mô hình Châu Thành", kind="new_model", unit=successor)
    make_story("Điển hình Kế An", unit=former)

    def count(**params):
        response = client.get(INDEX_URL, params)
        assert response.status_code == 200
        return response.context["paginator"].count

    for _ in range(2):  # counted, then read back from the cache
        assert count(**{"don-vi": successor.slug}) == 2
        assert count(**{"don-vi": successor.slug, "ca-don-vi-cu": "1"}) == 3
        assert count(**{"don-vi": former.slug}) == 1
        assert count(loai="mo-hinh-moi") == 1
        assert count(loai="mo-hinh-moi", **{"don-vi": former.slug}) == 0


def test_the_quarters_featured_exemplar_is_the_newest_exemplar_published_in_it():
    # Written in another order than published: the newest by publication is chosen, not the
    # last written; a newer new model, and an exemplar of the next quarter, are not.
    newest = make_story("Điển hình tháng Năm", published_at=vn_time(2026, 5, 20, 9, 0))
    make_story("Điển hình tháng Tư", published_at=vn_time(2026, 4, 10, 9, 0))
    make_story("Mô hình tháng Sáu", kind="new_model", published_at=vn_time(2026, 6, 1, 9, 0))
    make_story("Điển hình quý III", published_at=vn_time(2026, 7, 2, 9, 0))
    assert featured_exemplar(year=2026, quarter=2).pk == newest.pk
    assert featured_exemplar(year=2026, quarter=1) is None
    assert featured_exemplar(year=2025, quarter=2) is None  # the same quarter, a year before


def test_a_year_lists_its_stories_by_publication_not_by_writing(client):
    make_story("Viết trước, đăng sau", published_at=vn_time(2026, 9, 1, 9, 0))
    make_story("Viết sau, đăng trước", published_at=vn_time(2026, 2, 1, 9, 0))
    response = client.get(INDEX_URL, {"nam": "2026"})
    assert titles(response) == ["Viết trước, đăng sau", "Viết sau, đăng trước"]


@pytest.mark.parametrize("chosen", ["on_publish", "now"])
def test_a_story_page_shows_three_related_stories_of_its_unit_or_field(client, chosen):
    unit, field = make_unit("Thanh tra Sở"), Field.objects.get(name="Trợ giúp pháp lý")
    related = [
        make_story(f"Cùng đơn vị {n}", unit=unit, published_at=vn_time(2026, 3, n, 9, 0))
        for n in (1, 2)
    ] + [
        make_story(f"Cùng lĩnh vực {n}", field=field, published_at=vn_time(2026, 3, n, 9, 0))
        for n in (3, 4)
    ]
    make_story("Đơn vị khác", unit=make_unit("Phòng Tư pháp huyện Mỹ Tú"))
    story = make_story("Bài chính", unit=unit, field=field)
    if chosen == "now":  # a story published before the choice was kept: chosen at reading
        PublishedStoryState.objects.filter(story=story).delete()
    response = client.get(story.url)
    assert response.status_code == 200
    assert [s.title for s in response.context["related"]] == [
        s.title for s in reversed(related[1:])
    ]


def test_two_sites_story_indexes_count_their_own_stories_under_the_same_filters(client, settings):
    # A Wagtail install may serve two portals, each with its own story index: a filtered
    # count is kept per index, so the second site never shows the first one's number.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "cong2.example.vn"]
    unit = make_unit("Thanh tra Sở")
    for n in range(3):
        make_story(f"Gương cổng một {n}", unit=unit)
    home = Page.get_first_root_node().add_child(instance=Page(title="Cổng hai", slug="cong-hai"))
    Site.objects.create(hostname="cong2.example.vn", root_page=home)
    second = home.add_child(instance=ExemplarIndexPage(title="Điển hình", slug="dien-hinh"))
    second.save_revision().publish()
    make_story("Gương cổng hai", unit=unit, index=second)

    def count(url, host):
        response = client.get(url, {"don-vi": unit.slug}, HTTP_HOST=host)
        assert response.status_code == 200
        return response.context["paginator"].count

    assert count(INDEX_URL, "testserver") == 3
    assert count("/dien-hinh/", "cong2.example.vn") == 1
