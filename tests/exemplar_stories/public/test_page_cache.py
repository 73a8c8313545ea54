"""The public page cache: who gets cached pages, and how a publish reaches the very next reader."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailTestUtils

from exemplar_stories.public import page_cache
from exemplar_stories.public.checks import check_page_cache_is_shared

from ..support.factories import make_story

INDEX_URL = "/dien-hinh-tien-tien/"
HEADER = page_cache.STATUS_HEADER


@pytest.fixture(autouse=True)
def page_cache_on(settings, db):
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "PAGE_CACHE_SECONDS": 60}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def superuser_client(db):
    user = WagtailTestUtils.create_superuser("chief", password="pw")
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_pages_are_served_from_the_cache_without_queries(
    client, django_assert_num_queries
):
    story = make_story("Gương sáng hộ tịch")
    for url in ["/", INDEX_URL, story.url, INDEX_URL + "feed/atom/"]:
        first = client.get(url)
        assert first.status_code == 200 and first[HEADER] == "miss", url
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second[HEADER] == "hit", url
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]


def test_head_is_answered_from_the_cache_but_never_stored(client):
    story = make_story()
    assert HEADER not in client.head(story.url)
    client.get(story.url)
    assert client.head(story.url)[HEADER] == "hit"


def test_logged_in_users_never_get_or_fill_the_cache(client, superuser_client):
    story = make_story("Bài viết")
    client.get(story.url)  # an anonymous reader fills the cache
    for _ in range(2):
        response = superuser_client.get(story.url)
        assert response.status_code == 200
        assert HEADER not in response
    assert client.get(story.url)[HEADER] == "hit"
    cache.clear()
    superuser_client.get(INDEX_URL)
    assert client.get(INDEX_URL)[HEADER] == "miss"  # nothing stored for the user


def test_a_publish_shows_on_the_very_next_request(client):
    story = make_story("Tiêu đề cũ")
    client.get(story.url)
    client.get(INDEX_URL)
    assert client.get(story.url)[HEADER] == "hit"
    story.title = "Tiêu đề mới"
    story.save_revision().publish(skip_permission_checks=True)
    for url in [story.url, INDEX_URL, "/"]:
        html = client.get(url).content.decode()
        assert "Tiêu đề mới" in html, url
        assert "Tiêu đề cũ" not in html, url


def test_an_unpublish_in_the_admin_gives_404_on_the_very_next_request(client, superuser_client):
    story = make_story("Sắp gỡ xuống")
    url = story.url
    client.get(url)
    assert client.get(url)[HEADER] == "hit"
    response = superuser_client.post(reverse("wagtailadmin_pages:unpublish", args=[story.pk]))
    assert response.status_code == 302
    assert client.get(url).status_code == 404
    assert "Sắp gỡ xuống" not in client.get(INDEX_URL).content.decode()


def test_a_new_story_appears_on_the_cached_index_at_once(client):
    make_story("Bài thứ nhất")
    client.get(INDEX_URL)
    make_story("Bài thứ hai")
    assert "Bài thứ hai" in client.get(INDEX_URL).content.decode()


def test_deleting_a_page_or_renaming_a_unit_invalidates(client):
    story = make_story("Bài sẽ xoá")
    client.get(INDEX_URL)
    story.delete()
    assert "Bài sẽ xoá" not in client.get(INDEX_URL).content.decode()
    other = make_story("Bài khác")
    client.get(other.url)
    assert client.get(other.url)[HEADER] == "hit"
    unit = other.unit
    unit.name = "Phòng Tư pháp mới đổi tên"
    unit.save()
    assert "Phòng Tư pháp mới đổi tên" in client.get(other.url).content.decode()


def test_admin_and_preview_are_never_cached(client, superuser_client):
    for _ in range(2):
        response = client.get("/admin/login/")
        assert response.status_code == 200
        assert HEADER not in response
    story = make_story("Bản xem trước")
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[story.pk])
    for _ in range(2):
        response = superuser_client.get(preview)
        assert HEADER not in response
    assert cache.get(page_cache.cache_key(response.wsgi_request)) is None


def test_a_page_with_a_csrf_token_is_never_cached(client):
    story = make_story("Bài có mật khẩu")
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")
    for _ in range(2):
        response = client.get(story.url)
        assert response.status_code == 200  # Wagtail's password form, with a CSRF token
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert HEADER not in response


def test_a_restriction_added_later_stops_serving_the_cached_story(client):
    story = make_story("Bài sắp riêng tư", summary="Nội dung công khai hôm qua.")
    client.get(story.url)
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")
    assert "Nội dung công khai hôm qua." not in client.get(story.url).content.decode()


def test_query_string_variants_are_cached_separately_but_order_does_not_matter(client):
    make_story("Mô hình hay", kind="new_model")
    make_story("Nhân tố trẻ", kind="new_factor")
    models = client.get(INDEX_URL, {"loai": "mo-hinh-moi"}).content.decode()
    factors = client.get(INDEX_URL, {"loai": "nhan-to-moi"})
    assert factors[HEADER] == "miss"
    assert "Mô hình hay" in models and "Mô hình hay" not in factors.content.decode()
    client.get(INDEX_URL + "?loai=mo-hinh-moi&doi-tuong=ca-nhan")
    assert client.get(INDEX_URL + "?doi-tuong=ca-nhan&loai=mo-hinh-moi")[HEADER] == "hit"


def test_errors_and_redirects_are_not_cached(client):
    from wagtail.contrib.redirects.models import Redirect

    story = make_story("Bài đã đổi địa chỉ")
    Redirect.objects.create(old_path="/tin-cu", redirect_page=story)
    for _ in range(2):
        missing = client.get(INDEX_URL + "khong-ton-tai/")
        assert missing.status_code == 404 and HEADER not in missing
        bad_filter = client.get(INDEX_URL, {"loai": "sai"})
        assert bad_filter.status_code == 400 and HEADER not in bad_filter
        moved = client.get("/tin-cu/")  # an editor's redirect (wagtail.contrib.redirects)
        assert moved.status_code == 301 and moved["Location"].endswith(story.url)
        assert HEADER not in moved
        no_slash = client.get(INDEX_URL.rstrip("/"))  # APPEND_SLASH
        assert no_slash.status_code == 301 and no_slash["Location"] == INDEX_URL
        assert HEADER not in no_slash


def test_setting_zero_turns_the_cache_off(client, settings, django_assert_max_num_queries):
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "PAGE_CACHE_SECONDS": 0}
    story = make_story()
    client.get(story.url)
    response = client.get(story.url)
    assert HEADER not in response
    with django_assert_max_num_queries(10) as ctx:
        client.get(story.url)
    assert len(ctx.captured_queries) > 0


def test_an_evicted_version_never_brings_old_entries_back(client):
    story = make_story("Bản đầu")
    client.get(story.url)
    cache.delete(page_cache.VERSION_KEY)
    assert client.get(story.url)[HEADER] == "miss"


def test_deploy_check_warns_about_a_per_process_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in check_page_cache_is_shared(None)] == ["exemplar_stories.W002"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379",
        }
    }
    assert check_page_cache_is_shared(None) == []
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "PAGE_CACHE_SECONDS": 0}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert check_page_cache_is_shared(None) == []


def test_publish_scheduled_expiry_invalidates(client):
    story = make_story("Bài hết hạn")
    client.get(story.url)
    type(story).objects.filter(pk=story.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled", verbosity=0)
    assert client.get(story.url).status_code == 404
