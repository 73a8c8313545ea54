"""Security headers: a strict CSP without inline scripts (so without a nonce) on the public
site, a looser one in the admin."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from tests.exemplar_stories.support.factories import make_story

pytestmark = pytest.mark.django_db

INDEX_URL = "/dien-hinh-tien-tien/"


def directives(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def test_public_pages_have_a_strict_csp_without_unsafe_inline(client):
    make_story()
    for url in ["/", INDEX_URL, f"{INDEX_URL}guong-sang/", f"{INDEX_URL}feed/atom/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["default-src"] == ["'self'"]
        assert "'unsafe-inline'" not in policy["script-src"], url
        assert "'unsafe-eval'" not in policy["script-src"], url
        assert "'unsafe-inline'" not in policy["style-src"], url
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'self'"]


def test_public_pages_carry_no_inline_script_but_the_json_ld_data_block(client):
    story = make_story()
    response = client.get(story.url)
    html = response.content.decode()
    assert '<script type="application/ld+json">' in html
    # Every other script comes from our origin: the policy needs no nonce.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert tag == '<script type="application/ld+json">' or 'src="/static/' in tag, tag
    assert "nonce" not in html
    assert directives(response)["script-src"] == ["'self'"]


@pytest.fixture
def page_cache_on(settings):
    from django.core.cache import cache

    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "PAGE_CACHE_SECONDS": 60}
    cache.clear()
    yield
    cache.clear()


def test_a_cached_story_shares_no_per_response_secret_between_visitors(page_cache_on):
    """Main served one CSP nonce to every visitor while the page was cached (issue #13)."""
    from django.test import Client

    story = make_story()
    first, second = Client().get(story.url), Client().get(story.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    for response in (first, second):
        assert "nonce" not in response["Content-Security-Policy"]
        assert b"nonce" not in response.content


def test_admin_login_page_works_under_the_admin_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert b"<script" in response.content
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"]
    # A nonce would make browsers ignore 'unsafe-inline' and break Wagtail's inline scripts.
    assert not any(s.startswith("'nonce-") for s in policy["script-src"])
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_admin_editor_pages_render_under_the_admin_policy(client):
    admin = get_user_model().objects.create_superuser("admin", "a@example.vn", "pw")
    client.force_login(admin)
    story = make_story()
    for url in ["/admin/", f"/admin/pages/{story.pk}/edit/", "/admin/images/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "'unsafe-inline'" in directives(response)["script-src"], url


def test_public_pages_send_the_other_security_headers(client):
    make_story()
    response = client.get(INDEX_URL)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def test_served_documents_keep_wagtails_own_locked_down_csp(client):
    document = get_document_model().objects.create(
        title="Kế hoạch", file=ContentFile(b"plain text", name="ke-hoach.txt")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
