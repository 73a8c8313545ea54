import json

import feedparser
import pytest

from ..support.factories import make_story, make_unit, vn_time

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
    page.save_revision().publish(skip_permission_checks=True)
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


# --- conditional GET and paged history -----------------------------------------------------


@pytest.mark.parametrize("kind", ["atom", "rss", "json"])
def test_feeds_answer_304_to_a_matching_etag(client, two_stories, kind):
    first = client.get(f"{FEEDS}{kind}/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get(f"{FEEDS}{kind}/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_feeds_answer_304_to_if_modified_since(client, two_stories):
    first = client.get(f"{FEEDS}atom/")
    again = client.get(f"{FEEDS}atom/", headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 304


def test_the_etag_changes_when_a_story_is_published_or_withdrawn(client, two_stories):
    etag = client.get(f"{FEEDS}json/")["ETag"]
    story = make_story("Nhân tố mới", kind="new_factor")
    after_publish = client.get(f"{FEEDS}json/", headers={"if-none-match": etag})
    assert after_publish.status_code == 200 and after_publish["ETag"] != etag
    story.unpublish()
    after_withdrawal = client.get(f"{FEEDS}json/", headers={"if-none-match": after_publish["ETag"]})
    assert after_withdrawal.status_code == 200


def test_feeds_page_through_the_whole_history(client, monkeypatch):
    from exemplar_stories.public import feeds

    monkeypatch.setattr(feeds, "FEED_SIZE", 2)
    for day in range(1, 6):
        make_story(f"Câu chuyện {day}", published_at=vn_time(2026, 1, day, 9, 0))
    titles, url = [], f"{FEEDS}json/"
    while url:
        data = json.loads(client.get(url).content)
        titles += [item["title"] for item in data["items"]]
        url = data.get("next_url")
    assert titles == [f"Câu chuyện {day}" for day in range(5, 0, -1)]

    atom = feedparser.parse(client.get(f"{FEEDS}atom/?trang-feed=2").content)
    links = {link.rel: link.href for link in atom.feed.links}
    assert links["next"].endswith("/feed/atom/?trang-feed=3")
    assert links["previous"].endswith("/feed/atom/")
    assert [e.title for e in atom.entries] == ["Câu chuyện 3", "Câu chuyện 2"]


@pytest.mark.parametrize("page", ["0", "x", "99"])
def test_a_feed_page_that_does_not_exist_is_404(client, two_stories, page):
    assert client.get(f"{FEEDS}atom/", {"trang-feed": page}).status_code == 404


def test_atom_entries_carry_the_cleaned_body(client):
    from wagtail.rich_text import RichText

    make_story("Gương sáng", body=[("paragraph", RichText('<p><a href="/a/">Chị Lan</a></p>'))])
    entry = feedparser.parse(client.get(f"{FEEDS}atom/").content).entries[0]
    assert '<a href="http://testserver/a/">Chị Lan</a>' in entry.content[0].value


# --- editor-written markup never reaches a feed reader as an element (issue #13) ----------------

HOSTILE_SUMMARY = '"><img src=x onerror=alert(1)> <script>alert(2)</script>'
HOSTILE_TITLE = "<script>alert(3)</script> Gương sáng"
HOSTILE_UNIT = "<b onmouseover=alert(4)>Đơn vị</b>"


@pytest.fixture
def hostile_story():
    return make_story(
        HOSTILE_TITLE,
        summary=HOSTILE_SUMMARY,
        unit=make_unit(HOSTILE_UNIT),
        published_at=vn_time(2026, 3, 1, 9, 0),
    )


def _elements_in_html(markup):
    from html.parser import HTMLParser

    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append(tag)

    Collector().feed(markup)
    return found


def _raw_xml_fields(content, kind):
    """(what the element holds, is it read as HTML, its text) for every text field of the
    entry, read from the raw XML as a reader that does no sanitising would."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(content)
    atom = "{http://www.w3.org/2005/Atom}"
    if kind == "atom":
        entry = root.find(f"{atom}entry")
        yield "title", False, entry.findtext(f"{atom}title")
        yield (
            "summary",
            entry.find(f"{atom}summary").get("type") == "html",
            entry.findtext(f"{atom}summary"),
        )
        yield "author", False, entry.findtext(f"{atom}author/{atom}name")
        for category in entry.findall(f"{atom}category"):
            yield "category", False, category.get("term")
    else:
        item = root.find("channel/item")
        yield "title", True, item.findtext("title")
        yield "description", True, item.findtext("description")
        yield "author", False, item.findtext("{http://purl.org/dc/elements/1.1/}creator")
        for category in item.findall("category"):
            yield "category", False, category.text


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_markup_in_a_summary_title_or_unit_never_reaches_the_reader_as_an_element(
    client, hostile_story, kind
):
    import html

    response = client.get(f"{FEEDS}{kind}/")
    assert response.status_code == 200
    texts = {
        "title": HOSTILE_TITLE,
        "summary": HOSTILE_SUMMARY,
        "description": HOSTILE_SUMMARY,
        "author": HOSTILE_UNIT,
    }
    categories = []
    for name, is_html, text in _raw_xml_fields(response.content, kind):
        if is_html:
            # Read as HTML, it holds no element: the characters are shown as typed.
            assert _elements_in_html(text) == [], (name, text)
            assert html.unescape(text) == texts[name]
        elif name == "category":
            categories.append(text)
        else:
            # A text construct: a reader shows it as text, the characters as typed.
            assert text == texts[name], (name, text)
    assert HOSTILE_UNIT in categories
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    entry = feed.entries[0]
    for detail in (entry.title_detail, entry.summary_detail):
        if detail.type == "text/html":
            assert _elements_in_html(detail.value) == [], detail.value
    assert html.unescape(entry.summary) == HOSTILE_SUMMARY


def test_the_json_feed_keeps_the_summary_as_plain_text(client, hostile_story):
    data = json.loads(client.get(f"{FEEDS}json/").content)
    assert data["items"][0]["summary"] == HOSTILE_SUMMARY
    assert "<img" not in data["items"][0]["content_html"]
