import json

import feedparser
import pytest

from .factories import make_story, make_unit, vn_time

pytestmark = pytest.mark.django_db

FEEDS = "/dien-hinh-tien-tien/feed/"


@pytest.fixture
def two_stories():
    make_story("Gương sáng Kế Sách", published_at=vn_time(2026, 3, 1, 9, 0))
    make_story(
        "Mô hình \x0bThanh tra",
        kind="new_model",
        unit=make_unit("Thanh tra Sở"),
        published_at=vn_time(2026, 5, 1, 9, 0),
    )


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_xml_feeds_parse_without_errors(client, two_stories, kind):
    response = client.get(f"{FEEDS}{kind}/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.title for e in feed.entries] == ["Mô hình Thanh tra", "Gương sáng Kế Sách"]
    entry = feed.entries[0]
    assert entry.link.startswith("http://") and entry.link.endswith(
        "/dien-hinh-tien-tien/mo-hinh-thanh-tra/"
    )
    assert entry.id.startswith("tag:testserver,2019:story:")
    assert {t.term for t in entry.tags} >= {"Mô hình mới", "Thanh tra Sở"}


def test_feeds_honour_the_index_filters(client, two_stories):
    feed = feedparser.parse(client.get(f"{FEEDS}atom/?don-vi=thanh-tra-so").content)
    assert [e.title for e in feed.entries] == ["Mô hình Thanh tra"]


def test_feed_ids_are_stable_when_a_title_changes(client, two_stories):
    before = feedparser.parse(client.get(f"{FEEDS}atom/").content).entries[0].id
    from exemplar_stories.models import StoryPage

    page = StoryPage.objects.get(title="Mô hình Thanh tra").specific
    page.title = "Tên mới"
    page.save_revision().publish()
    after = feedparser.parse(client.get(f"{FEEDS}atom/").content).entries[0].id
    assert before == after


def test_json_feed_has_the_required_fields(client, two_stories):
    response = client.get(f"{FEEDS}json/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"]
    assert data["home_page_url"].startswith("http://")
    assert data["feed_url"] == "http://testserver/dien-hinh-tien-tien/feed/json/"
    assert len(data["items"]) == 2
    for item in data["items"]:
        assert item["id"] and item["url"].startswith("http://")
        assert item["content_text"] or item.get("content_html")
        assert "\x0b" not in item["title"]


def test_index_feed_links_carry_the_active_filters(client, two_stories):
    html = client.get(
        "/dien-hinh-tien-tien/", {"don-vi": "thanh-tra-so", "trang": "1"}
    ).content.decode()
    assert 'href="/dien-hinh-tien-tien/feed/atom/?don-vi=thanh-tra-so"' in html
