"""A user who must pass the second step reaches no admin URL before it: every admin URL that
reverses without arguments, and a sample of object URLs, redirects to the second step (or to
enrolment), whatever the method."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from wagtail.models import Page

from exemplar_stories.models import Unit

from .helpers import SETUP_URL, VERIFY_URL, give_totp, office_user, password_step

pytestmark = pytest.mark.django_db

# Reachable halfway through, in both states.
ALWAYS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "portal_accounts:jsi18n",
}
ENROL = {
    "portal_accounts:second_factor_setup",
    "portal_accounts:recovery_codes",
    "otp_webauthn:credential-registration-begin",
    "otp_webauthn:credential-registration-complete",
}
VERIFY = {
    "portal_accounts:second_factor_verify",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
}


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            yield from _names(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def admin_urls_without_arguments():
    urls = {}
    for name in set(_names(get_resolver().url_patterns)):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if url.startswith("/admin/"):
            urls[name] = url
    return urls


def sample_object_urls(user):
    home = Page.objects.filter(depth=2).first()
    unit = Unit.objects.create(name="Thanh tra Sở")
    return [
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{home.pk}/edit/",
        f"/admin/pages/{home.pk}/history/",
        f"/admin/pages/{home.pk}/delete/",
        f"/admin/pages/{home.pk}/add_subpage/",
        f"/admin/users/{user.pk}/",
        f"/admin/users/{user.pk}/history/",
        "/admin/groups/1/",
        f"/admin/snippets/exemplar_stories/unit/edit/{unit.pk}/",
        f"/admin/security/second-factor/reset/{user.pk}/",
        "/admin/security/second-factor/devices/",
        "/admin/security/login-trail/?export=csv",
        "/admin/does-not-exist/",
    ]


def walk(client, user, *, allowed, target):
    urls = admin_urls_without_arguments()
    assert len(urls) > 80  # the walk really covers the admin
    checked = 0
    for name, url in sorted(urls.items()):
        if name in ALWAYS or name in allowed:
            continue
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, url, response.status_code)
            assert response["Location"].startswith(target), (name, url, response["Location"])
            checked += 1
    for url in sample_object_urls(user):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and response["Location"].startswith(target), url
            checked += 1
    return checked


def test_before_enrolment_no_admin_url_is_reachable(client, second_factor_required):
    user = office_user()
    password_step(client, "vanphong")
    assert walk(client, user, allowed=ENROL, target=SETUP_URL) > 160
    assert client.get(SETUP_URL).status_code == 200


def test_before_the_second_step_no_admin_url_is_reachable(client, second_factor_required):
    user = office_user()
    give_totp(user)
    password_step(client, "vanphong")
    assert walk(client, user, allowed=VERIFY, target=VERIFY_URL) > 160
    assert client.get(VERIFY_URL).status_code == 200
    # Enrolment (which would add a device of the attacker's choosing) is not open either.
    assert client.get(SETUP_URL)["Location"].startswith(VERIFY_URL)
    response = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert response["Location"].startswith(VERIFY_URL)
