"""The HTTP cache in front (Varnish): the headers the app sends, and what a change purges.

Purges are recorded by `RecordingBackend` (the test settings' `WAGTAILFRONTENDCACHE`); they are
sent after the commit, hence `django_capture_on_commit_callbacks(execute=True)`.
"""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailTestUtils

from exemplar_stories.public.cache_backends import RecordingBackend
from exemplar_stories.public.filters import PARAMS

from ..support.factories import field_of_work, make_index, make_story, make_unit

INDEX_URL = "/dien-hinh-tien-tien/"


@pytest.fixture(autouse=True)
def recording(db):
    RecordingBackend.reset()
    yield RecordingBackend
    RecordingBackend.reset()


def keys_of(response):
    assert response.status_code == 200
    return set(response["xkey"].split())


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.fixture
def two_units(db):
    return make_unit("Phòng Tư pháp huyện Kế Sách"), make_unit("Thanh tra Sở")


@pytest.fixture
def stories(two_units):
    kesach, thanhtra = two_units
    a = make_story("Gương sáng Kế Sách", unit=kesach, field=field_of_work("Trợ giúp pháp lý"))
    b = make_story("Gương sáng Thanh tra", unit=thanhtra, field=field_of_work("Công chứng"))
    return a, b


def publish(page, capture, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    RecordingBackend.reset()
    with capture(execute=True):
        page.save_revision().publish(skip_permission_checks=True)
    return set(RecordingBackend.keys), set(RecordingBackend.urls)


# ---------------------------------------------------------------- headers


def test_anonymous_public_pages_carry_surrogate_keys_and_may_be_kept_by_the_http_cache(
    client, stories
):
    a, _b = stories
    for url in ["/", INDEX_URL, a.url, INDEX_URL + "feed/atom/", "/sitemap.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "all" in response["xkey"].split(), url
        assert response["Surrogate-Key"] == response["xkey"]
        assert response["Surrogate-Control"].startswith("max-age="), url
        assert "public" in cache_control(response), url
    # Browsers ask again (max-age=0), so a reader sees a publish on the next request.
    assert "max-age=0" in cache_control(client.get(a.url))
    assert f"s{a.pk}" in keys_of(client.get(a.url))
    assert f"s{a.pk}" in keys_of(client.get(INDEX_URL))
    assert f"s{a.pk}" in keys_of(client.get("/"))
    assert "sitemap" in keys_of(client.get("/sitemap.xml"))


def test_logged_in_users_get_private_responses_without_keys(stories):
    a, _b = stories
    user = WagtailTestUtils.create_superuser("chief", password="pw")
    client = Client()
    client.force_login(user)
    for url in ["/", INDEX_URL, a.url, INDEX_URL + "feed/atom/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "xkey" not in response and "Surrogate-Control" not in response, url
        assert "private" in cache_control(response), url
        assert "public" not in cache_control(response), url


def test_a_response_that_sets_a_cookie_is_never_marked_cacheable(client, stories):
    a, _b = stories
    PageViewRestriction.objects.create(
        page=a, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
    )
    response = client.get(a.url)  # the password form uses a CSRF token and sets its cookie
    assert response.status_code == 200
    assert response.cookies
    assert "xkey" not in response and "Surrogate-Control" not in response
    assert "private" in cache_control(response)


def test_errors_and_bad_filters_are_not_kept(client, stories):
    response = client.get(INDEX_URL + "?nam=abc")
    assert response.status_code == 400
    assert "xkey" not in response and "private" in cache_control(response)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "xkey" not in response


# ---------------------------------------------------------------- what a publish purges


def test_publishing_a_story_purges_its_page_listings_home_feeds_and_sitemap_only(
    client, stories, two_units, django_capture_on_commit_callbacks
):
    a, b = stories
    kesach, thanhtra = two_units
    index = make_index()
    shows_a = {
        "story": keys_of(client.get(a.url)),
        "index": keys_of(client.get(INDEX_URL)),
        "unit filter": keys_of(client.get(f"{INDEX_URL}?{PARAMS['unit']}={kesach.slug}")),
        "home": keys_of(client.get("/")),
        "atom": keys_of(client.get(INDEX_URL + "feed/atom/")),
        "filtered atom": keys_of(
            client.get(f"{INDEX_URL}feed/atom/?{PARAMS['unit']}={kesach.slug}")
        ),
        "search": keys_of(client.get(f"{INDEX_URL}?q=guong")),
        "sitemap": keys_of(client.get("/sitemap.xml")),
    }
    shows_b_only = {
        "other story": keys_of(client.get(b.url)),
        "other unit filter": keys_of(client.get(f"{INDEX_URL}?{PARAMS['unit']}={thanhtra.slug}")),
        "other unit feed": keys_of(
            client.get(f"{INDEX_URL}feed/atom/?{PARAMS['unit']}={thanhtra.slug}")
        ),
    }

    purged, urls = publish(a, django_capture_on_commit_callbacks, title="Tiêu đề mới")

    for name, keys in shows_a.items():
        assert keys & purged, f"{name} was not purged"
    for name, keys in shows_b_only.items():
        assert not keys & purged, f"{name} was purged: {keys & purged}"
    assert "all" not in purged and "nav" not in purged
    assert urls == {a.full_url}
    assert index.pk  # the index itself is purged through its listing keys, not by its URL


def test_moving_a_story_to_another_unit_purges_the_listings_it_left(
    client, stories, two_units, django_capture_on_commit_callbacks
):
    a, _b = stories
    kesach, thanhtra = two_units
    left = keys_of(client.get(f"{INDEX_URL}?{PARAMS['unit']}={kesach.slug}"))
    joined = keys_of(client.get(f"{INDEX_URL}?{PARAMS['unit']}={thanhtra.slug}"))
    purged, _urls = publish(a, django_capture_on_commit_callbacks, unit=thanhtra)
    assert left & purged and joined & purged


def test_unpublishing_a_story_purges_where_it_was_shown(
    client, stories, two_units, django_capture_on_commit_callbacks
):
    a, b = stories
    kesach, _thanhtra = two_units
    shown = keys_of(client.get(f"{INDEX_URL}?{PARAMS['unit']}={kesach.slug}"))
    other = keys_of(client.get(b.url))
    RecordingBackend.reset()
    with django_capture_on_commit_callbacks(execute=True):
        a.unpublish()
    purged = set(RecordingBackend.keys)
    assert shown & purged and {f"s{a.pk}", "home", "sitemap"} <= purged
    assert not other & purged
    assert RecordingBackend.urls == [a.full_url]


def test_a_story_shown_as_related_purges_the_pages_showing_it(
    client, two_units, django_capture_on_commit_callbacks
):
    kesach, _ = two_units
    older = make_story("Bài cũ", unit=kesach)
    newer = make_story("Bài mới", unit=kesach)  # chooses `older` as related when published
    assert "Bài cũ" in client.get(newer.url).content.decode()
    page_keys = keys_of(client.get(newer.url))
    RecordingBackend.reset()
    with django_capture_on_commit_callbacks(execute=True):
        older.unpublish()
    assert page_keys & set(RecordingBackend.keys)
    assert "Bài cũ" not in client.get(newer.url).content.decode()


def test_related_stories_are_chosen_on_publish_so_a_new_story_leaves_other_pages_cached(
    client, two_units, django_capture_on_commit_callbacks
):
    kesach, _ = two_units
    first = make_story("Bài thứ nhất", unit=kesach)
    first_keys = keys_of(client.get(first.url))
    purged, _ = publish(
        make_story("Bài thứ hai", unit=kesach, live=False),
        django_capture_on_commit_callbacks,
    )
    assert not first_keys & purged
    assert "Bài thứ hai" not in client.get(first.url).content.decode()
    publish(first, django_capture_on_commit_callbacks)  # republished: chosen again
    assert "Bài thứ hai" in client.get(first.url).content.decode()


def test_a_new_year_purges_every_listing_of_the_index(
    client, stories, django_capture_on_commit_callbacks
):
    a, _b = stories
    unit_listing = keys_of(client.get(f"{INDEX_URL}?{PARAMS['unit']}={a.unit.slug}"))
    year = a.quarter_year - 1
    purged, _ = publish(
        make_story("Năm khác", unit=make_unit("Văn phòng Sở"), live=False),
        django_capture_on_commit_callbacks,
        quarter_year=year,
        quarter_number=1,
        quarter_is_manual=True,
    )
    assert unit_listing & purged  # its year menu gains a year


def test_renaming_a_unit_purges_the_pages_that_name_it(
    client, stories, two_units, django_capture_on_commit_callbacks
):
    a, b = stories
    kesach, _ = two_units
    story_keys, listing_keys = keys_of(client.get(a.url)), keys_of(client.get(INDEX_URL))
    other_story = keys_of(client.get(b.url))
    RecordingBackend.reset()
    with django_capture_on_commit_callbacks(execute=True):
        kesach.name = "Phòng Tư pháp thị xã Ngã Năm"
        kesach.save()
    purged = set(RecordingBackend.keys)
    assert story_keys & purged and listing_keys & purged
    assert not other_story & purged


def test_a_view_restriction_purges_everything(stories, django_capture_on_commit_callbacks):
    a, _b = stories
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=a, restriction_type="login")
    assert "all" in RecordingBackend.keys


# ---------------------------------------------------------------- a leaner render


@pytest.mark.parametrize(
    "url",
    [INDEX_URL, f"{INDEX_URL}?loai=dien-hinh-tien-tien&nam=2026", INDEX_URL + "feed/atom/", "/"],
)
def test_public_listings_answer_in_at_most_ten_queries(
    client, stories, url, django_assert_max_num_queries
):
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_a_story_page_answers_in_at_most_ten_queries(
    client, stories, django_assert_max_num_queries
):
    a, _b = stories
    client.get(a.url)
    with django_assert_max_num_queries(10):
        assert client.get(a.url).status_code == 200


def test_the_feed_cleans_each_body_once_per_published_revision(client, stories, monkeypatch):
    from exemplar_stories.public import feeds

    a, _b = stories
    calls = []
    real = feeds.story_body_html
    monkeypatch.setattr(
        feeds, "story_body_html", lambda story, **kw: calls.append(story.pk) or real(story, **kw)
    )
    url = INDEX_URL + "feed/atom/"
    client.get(url)
    assert sorted(calls) == sorted(s.pk for s in stories)
    calls.clear()
    client.get(url)
    client.get(INDEX_URL + "feed/json/")
    assert calls == []  # the same revisions: read from the cache
    a.save_revision().publish(skip_permission_checks=True)
    client.get(url)
    assert calls == [a.pk]


def test_the_index_counts_its_stories_per_year_once_until_the_next_publish(
    client, stories, django_assert_max_num_queries
):
    a, _b = stories
    client.get(INDEX_URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(INDEX_URL)
    assert not [q for q in ctx.captured_queries if "GROUP BY" in q["sql"]]
    make_story(
        "Năm trước", quarter_year=a.quarter_year - 1, quarter_number=2, quarter_is_manual=True
    )
    html = client.get(INDEX_URL).content.decode()
    assert f'value="{a.quarter_year - 1}"' in html  # the new year is offered at once
