"""What the listings keep in a cache follows every change in every worker: the filter menus,
the years and the counts are keyed by the public version in the database, so a worker with its
own (locmem) cache never shows a menu or a year list from before a publish made through another
worker; the feeds' Last-Modified moves with every publish and withdrawal; and none of it costs
a scan of every story per request."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from ..support.factories import make_story, make_unit, vn_time

pytestmark = pytest.mark.django_db

INDEX_URL = "/dien-hinh-tien-tien/"
FILTERED_URL = INDEX_URL + "?loai=dien-hinh-tien-tien&nam=2024"
ATOM_URL = INDEX_URL + "feed/atom/"


class OtherWorker:
    """This process plays worker A, whose per-process cache holds what it rendered; a change
    made through worker B forgets nothing in A's cache: `made_elsewhere()` puts A's entries
    back as they were after the change ran here."""

    def __init__(self):
        self.saved = None

    def remember(self):
        self.saved = (dict(cache._cache), dict(cache._expire_info))

    def made_elsewhere(self):
        entries, expiry = self.saved
        cache._cache.clear()
        cache._cache.update(entries)
        cache._expire_info.clear()
        cache._expire_info.update(expiry)


def test_a_publish_through_another_worker_shows_its_year_and_count_in_this_one(client):
    make_story("Bài 2024", published_at=vn_time(2024, 5, 1, 9, 0))
    response = client.get(INDEX_URL)
    assert list(response.context["years"]) == [2024]
    assert client.get(FILTERED_URL).context["paginator"].count == 1
    worker_a = OtherWorker()
    worker_a.remember()

    make_story(  # published through worker B
        "Bài 2022", quarter_is_manual=True, quarter_year=2022, quarter_number=2
    )
    make_story("Bài 2024 nữa", quarter_is_manual=True, quarter_year=2024, quarter_number=3)
    worker_a.made_elsewhere()

    response = client.get(INDEX_URL)
    assert list(response.context["years"]) == [2024, 2022]
    assert response.context["paginator"].count == 3
    assert client.get(FILTERED_URL).context["paginator"].count == 2


def test_a_new_unit_saved_through_another_worker_is_in_this_ones_menu(client):
    make_story("Bài 2024", published_at=vn_time(2024, 5, 1, 9, 0))
    assert "Phòng Tư pháp huyện Cù Lao Dung" not in client.get(INDEX_URL).content.decode()
    worker_a = OtherWorker()
    worker_a.remember()

    make_unit("Phòng Tư pháp huyện Cù Lao Dung")  # through worker B
    worker_a.made_elsewhere()

    menu = client.get(INDEX_URL).context["units"]
    assert "Phòng Tư pháp huyện Cù Lao Dung" in [unit["name"] for unit in menu]


def test_a_feed_reader_asking_if_modified_since_sees_a_withdrawal(client):
    make_story("Bài cũ", published_at=vn_time(2024, 5, 1, 9, 0))
    newest = make_story("Bài mới", published_at=vn_time(2024, 6, 1, 9, 0))
    first = client.get(ATOM_URL)
    assert "Bài mới" in first.content.decode()

    with freeze_time(timezone.now() + datetime.timedelta(minutes=5), tick=True):
        newest.unpublish()  # withdrawn: the feed changed, though no story was published
        again = client.get(ATOM_URL, headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 200
    assert "Bài mới" not in again.content.decode()


def test_a_repeated_listing_or_feed_scans_no_story_for_a_count_or_a_date(client):
    for year in (2023, 2024):
        make_story(f"Bài {year}", published_at=vn_time(year, 5, 1, 9, 0))
    for url in (INDEX_URL, FILTERED_URL, ATOM_URL):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        aggregates = [
            q["sql"]
            for q in ctx.captured_queries
            if any(word in q["sql"] for word in ("COUNT(", "MAX(", "GROUP BY"))
        ]
        assert aggregates == [], url


def test_the_home_page_republished_through_another_worker_shows_here(client):
    from home.models import HomePage

    home = HomePage.objects.get()
    assert client.get("/").status_code == 200
    worker_a = OtherWorker()
    worker_a.remember()

    home.intro = "Lời giới thiệu mới của Sở Tư pháp"  # published through worker B
    home.save_revision().publish()
    worker_a.made_elsewhere()

    assert "Lời giới thiệu mới của Sở Tư pháp" in client.get("/").content.decode()


def test_a_warm_story_page_runs_at_most_7_queries(client, django_assert_max_num_queries):
    make_story("Bài cùng đơn vị", published_at=vn_time(2024, 4, 1, 9, 0))
    story = make_story("Bài đọc nhiều", published_at=vn_time(2024, 5, 1, 9, 0))
    client.get(story.url)
    # The public version, the index (its page and specific rows), the story, whether any
    # restriction exists, its awards, its related stories; the site and its root page come
    # from the per-process memory (9 before).
    with django_assert_max_num_queries(7):
        response = client.get(story.url)
    assert "Bài cùng đơn vị" in response.content.decode()
