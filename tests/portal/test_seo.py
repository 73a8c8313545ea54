"""What Lighthouse's SEO audit checks on the citizens' pages (issue 15, finding 7), so that CI
holds the score at 100 without running Lighthouse: status 200, `lang`, a title, one meta
description of its own, a viewport, indexable, crawlable links with descriptive text, images
with alternative text, a valid absolute canonical, and a valid robots.txt.

Lighthouse itself (not in CI), against `make run`'s demo content:

    npm install --prefix /tmp/lh lighthouse
    CHROME_PATH=/usr/bin/chromium /tmp/lh/node_modules/.bin/lighthouse URL \\
        --only-categories=seo,accessibility,best-practices \\
        --chrome-flags="--headless=new --no-sandbox --disable-gpu"
"""

from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import pytest
from bs4 import BeautifulSoup

from tests.exemplar_stories.support.factories import make_index, make_story, make_unit, vn_time

pytestmark = pytest.mark.django_db

# Lighthouse's "link-text" audit: link texts that say nothing about where they lead.
GENERIC_LINK_TEXT = {
    "click here",
    "here",
    "more",
    "read more",
    "learn more",
    "đây",
    "tại đây",
    "ở đây",
    "bấm vào đây",
    "nhấn vào đây",
    "xem thêm",
    "thêm",
    "chi tiết",
}


@pytest.fixture
def public_pages():
    index = make_index()
    index.intro = "Gương điển hình tiên tiến, mô hình mới, nhân tố mới của ngành Tư pháp."
    index.save_revision().publish()
    unit = make_unit("Phòng Tư pháp huyện Kế Sách")
    story = make_story(
        "Hòa giải viên ấp Phong Phú",
        unit=unit,
        summary="Mười năm hòa giải ở cơ sở, không để vụ việc nào kéo dài.",
        published_at=vn_time(2026, 3, 2, 9, 30),
    )
    make_story("Thanh tra viên tận tụy", unit=make_unit("Thanh tra Sở"))
    return {"home": "/", "index": index.url, "story": story.url}


def audit(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.html.get("lang") == "vi", path
    assert soup.title and soup.title.get_text(strip=True), path
    assert soup.find("meta", attrs={"name": "viewport"}), path
    descriptions = soup.find_all("meta", attrs={"name": "description"})
    assert len(descriptions) == 1 and descriptions[0]["content"].strip(), path
    robots = soup.find("meta", attrs={"name": "robots"})
    assert robots is None or "noindex" not in robots["content"], path
    for link in soup.find_all("a"):
        href = link.get("href")
        assert href and not href.startswith("javascript:"), (path, str(link))
        text = " ".join(link.get_text(" ").split()) or link.get("aria-label", "")
        assert text and text.lower() not in GENERIC_LINK_TEXT, (path, str(link))
    for image in soup.find_all("img"):
        assert image.has_attr("alt"), (path, str(image))
    for canonical in soup.find_all("link", rel="canonical"):
        parts = urlsplit(canonical["href"])
        assert parts.scheme in ("http", "https") and parts.netloc, (path, canonical["href"])
    assert not soup.find_all("link", hreflang=True)  # one language: no hreflang to get wrong
    return descriptions[0]["content"]


def test_the_citizens_pages_pass_what_lighthouse_seo_checks(client, public_pages):
    descriptions = {name: audit(client, path) for name, path in public_pages.items()}
    assert len(set(descriptions.values())) == len(descriptions), descriptions
    assert descriptions["story"] == "Mười năm hòa giải ở cơ sở, không để vụ việc nào kéo dài."


def test_a_filtered_or_searched_listing_is_described_by_what_it_lists_and_not_indexed(
    client, public_pages
):
    html = client.get(f"{public_pages['index']}?q=hoa+giai").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description == "Điển hình tiên tiến: Tìm kiếm: hoa giai (1 bài viết)."


def test_a_summary_with_markup_is_an_escaped_description(client):
    story = make_story("Bài có ký tự lạ", summary='Có "nháy" <script>alert(1)</script> & khác.')
    html = client.get(story.url).content.decode()
    assert 'content="Có &quot;nháy&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; khác."' in html
    assert "<script>alert(1)" not in html


def test_robots_txt_is_valid_and_lets_crawlers_read_the_public_pages(client, public_pages):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    known = ("user-agent:", "disallow:", "allow:", "sitemap:")
    assert all(not line.strip() or line.lower().startswith(known) for line in lines), lines
    parser = RobotFileParser()
    parser.parse(lines)
    for path in public_pages.values():
        assert parser.can_fetch("Googlebot", f"http://testserver{path}")
    assert not parser.can_fetch("Googlebot", "http://testserver/admin/")
