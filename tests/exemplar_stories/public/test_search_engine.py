"""Issue #16, the speed targets: the listing reads the full-text index's newest matches (of the
heading, and of the whole text), ranks only those, counts no further, and reaches no story but
through the index; filters are part of the index's query, so a narrow one still finds its own.

`search.CANDIDATES` (300 on a real site) is made small here so that a handful of stories
stands for a common word on a large portal.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exemplar_stories.public import search

from ..support.factories import make_story, make_unit, vn_time

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_like_a_large_site")]

INDEX_URL = "/dien-hinh-tien-tien/"


def get(client, q, **params):
    response = client.get(INDEX_URL, {"q": q, **params})
    assert response.status_code == 200
    return response


def titles(response):
    return [story.title for story in response.context["stories"]]


def count_line(response):
    html = response.content.decode()
    start = html.index('aria-live="polite">') + len('aria-live="polite">')
    return html[start : html.index("<", start)].strip()


@pytest.fixture
def few_candidates(monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 3, raising=False)


def test_a_search_with_more_matches_than_it_ranks_says_more_than(client, few_candidates):
    for n in range(5):
        make_story(f"Hòa giải ở ấp {n}", published_at=vn_time(2025, 1, n + 1, 8, 0))
    response = get(client, "hòa giải")
    assert count_line(response) == "Hơn 3 bài viết"
    # The newest entries of the index, one more than CANDIDATES (how it knows there are more).
    assert titles(response) == [f"Hòa giải ở ấp {n}" for n in (4, 3, 2, 1)]


def test_exactly_as_many_matches_as_it_ranks_are_counted_exactly(client, few_candidates):
    for n in range(3):
        make_story(f"Hòa giải ở ấp {n}")
    assert count_line(get(client, "hòa giải")) == "3 bài viết"


def test_a_narrow_filter_with_a_common_word_still_finds_the_filters_stories(client, few_candidates):
    many, few = make_unit("Thanh tra Sở"), make_unit("Phòng Tư pháp huyện Kế Sách")
    for n in range(6):  # better answers (the words in the title), newer
        make_story(f"Hòa giải ở ấp {n}", unit=many, published_at=vn_time(2025, 2, n + 1, 8, 0))
    make_story(
        "Tấm gương thầm lặng",
        unit=few,
        summary="Ông tham gia hòa giải từ năm 1995.",
        published_at=vn_time(2020, 1, 1, 8, 0),
    )
    response = get(client, "hòa giải", **{"don-vi": few.slug})
    assert titles(response) == ["Tấm gương thầm lặng"]
    assert count_line(response) == "1 bài viết"


def test_the_engine_keeps_the_best_answers_among_many_newer_ones(client, few_candidates):
    make_story("Mô hình hòa giải ở cơ sở", published_at=vn_time(2020, 1, 1, 8, 0))
    for n in range(5):
        make_story(
            f"Tấm gương số {n}",
            summary="Ba mươi năm gắn bó với ấp.",
            body=[("paragraph", "<p>Ông tham gia công tác hòa giải từ năm 1995.</p>")],
            published_at=vn_time(2026, 1, n + 1, 8, 0),
        )
    assert titles(get(client, "hoa giai"))[0] == "Mô hình hòa giải ở cơ sở"


def test_a_typo_whose_correction_fills_pages_costs_no_more_queries(
    client, django_assert_max_num_queries
):
    for n in range(14):  # more than a page of stories for the corrected words
        make_story(f"Hòa giải ở ấp {n}")
    client.get(INDEX_URL)
    with django_assert_max_num_queries(12):
        response = get(client, "hoa giaj")
    assert response.context["suggested_search"] == "hòa giải"
    assert count_line(response) == "14 bài viết"


def test_a_search_reads_the_full_text_index_not_every_story(client):
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL is checked in the README")
    for n in range(3):
        make_story(f"Hòa giải ở ấp {n}")
    client.get(INDEX_URL)
    with CaptureQueriesContext(connection) as queries:
        get(client, "hòa giải")
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if "storypage" not in sql:
                continue
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plans.append([row[-1] for row in cursor.fetchall()])
    assert any("VIRTUAL TABLE INDEX" in step for plan in plans for step in plan), plans
    # Every story row is reached by its id (from the index), never by a scan: the only scans
    # are the full-text index's, the view restrictions' (a handful of rows) and the ranked
    # candidates' (at most 2 × CANDIDATES rows, for COUNT(*) OVER ()).
    allowed = ("VIRTUAL TABLE INDEX", "pageviewrestriction", "SCAN (subquery-")
    for plan in plans:
        scans = [step for step in plan if step.startswith("SCAN")]
        assert all(any(word in scan for word in allowed) for scan in scans), plan


def test_the_second_page_of_a_search_lists_the_rest_and_counts_them_all(client):
    for n in range(14):
        make_story(f"Hòa giải ở ấp {n}", published_at=vn_time(2025, 3, n + 1, 8, 0))
    response = get(client, "hòa giải", trang="2")
    assert titles(response) == ["Hòa giải ở ấp 1", "Hòa giải ở ấp 0"]
    assert count_line(response) == "14 bài viết"
