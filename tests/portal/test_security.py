"""Security headers: a strict CSP with a nonce on the public site, a looser one in the admin."""

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


def test_story_json_ld_carries_the_nonce_of_the_csp_header(client):
    story = make_story()
    response = client.get(story.url)
    html = response.content.decode()
    nonce = re.search(r'<script type="application/ld\+json" nonce="([^"]+)">', html).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["script-src"]
    # Every inline script on the page carries it; external ones come from our origin.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert f'nonce="{nonce}"' in tag or 'src="/static/' in tag, tag


def test_each_response_gets_a_fresh_nonce(client):
    story = make_story()
    first = directives(client.get(story.url))["script-src"]
    second = directives(client.get(story.url))["script-src"]
    assert [s for s in first if s.startswith("'nonce-")] != [
        s for s in second if s.startswith("'nonce-")
    ]


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
