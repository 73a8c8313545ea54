"""A crawler walks the admin as each demo role (issue #12, the generic test): from the
dashboard and the menus, breadth-first, every admin page reachable by links (GET only, at
most LIMIT pages a role), and asserts for each role

- no response is a server error;
- an editor never receives another unit's draft title (a story not live, or the unpublished
  title of a live one), in any response;
- no action is offered that the role is then refused: every action link or button on the
  pages walked (edit, delete, unpublish, move, copy, revert, privacy, the workflow's actions,
  the listing's bulk actions with the listing's rows) is followed with GET, and none answers
  403, 404 or Wagtail's "no permission" redirect to the dashboard.

Action links are followed but not walked further (their confirm pages only repeat the page).
Runs on SQLite and PostgreSQL like the rest of the suite."""

import re
import time
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from exemplar_stories.models import ExemplarIndexPage, ExemplarPage, StoryPage, Unit

ROLES = ["admin", "vanphong", "vanphong2", "bientap.kesach", "bientap.thanhtra"]
LIMIT = 150
MENU_URL = re.compile(r'"url":\s*"(/admin/[^"]*)"')
# Not walked: leaving, files and downloads, JSON endpoints, previews, choosers opened by
# scripts; what changes state on GET is never linked.
SKIP = re.compile(
    r"/logout|/jsi18n|/api/|/autocomplete|/chooser|/choose-|/preview|/view_draft|/export"
    r"|\?export=|format=(csv|xlsx)|/template/|/documents/\d+/|/images/\d+/generate|/multiple/"
    r"|/lock/|/unlock/|/workflow/cancel|/workflow/enable|/workflow/disable|/disable/|/enable/"
    r"|/reset|/resend|/reorder|/sessions/|/second-factor/|/two-step"
)
# Offered actions: followed once (GET), never walked.
ACTION = re.compile(
    r"/(edit|delete|unpublish|move|copy|revert|set_privacy|convert_alias|history)/"
    r"|/workflow/(action|collect_action_data)/|/bulk/"
)
BULK = re.compile(r"^/admin/bulk/")
URL_ATTRIBUTES = ("href", "data-workflow-action-url", "data-workflow-action-modal-url")


def forbidden_titles(user):
    """Titles `user` must never receive: the drafts of units outside the user's unit and the
    former units it replaced (all drafts, for an editor with no unit); nothing for the Office
    and superusers, who see every unit."""
    from exemplar_stories.access.roles import is_office, unit_scope

    if is_office(user):
        return set()
    others = StoryPage.objects.exclude(unit_id__in=unit_scope(user))
    titles = set()
    for story in others:
        latest = story.get_latest_revision_as_object()
        if not story.live:
            titles.add(story.title)
        if latest.title != story.title:
            titles.add(latest.title)
    return titles


def refused(response):
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and urlsplit(response["Location"]).path == "/admin/"


def admin_links(html):
    """(walkable links, offered actions) of a page; bulk actions carry the listing's rows."""
    soup = BeautifulSoup(html, "html.parser")
    found = list(MENU_URL.findall(html))
    for attribute in URL_ATTRIBUTES:
        found += [tag[attribute] for tag in soup.find_all(attrs={attribute: True})]
    rows = [tag["data-object-id"] for tag in soup.find_all(attrs={"data-object-id": True})]
    links, actions = [], []
    for href in found:
        href = urldefrag(unescape(href).replace("\\u0026", "&"))[0]
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/admin/") or SKIP.search(href):
            continue
        if BULK.search(href):
            if rows:
                actions.append(f"{href}?next=/admin/&" + "&".join(f"id={pk}" for pk in rows))
        elif ACTION.search(href):
            actions.append(href)
        else:
            links.append(href)
    return links, actions


def walk(client, titles):
    queue, seen, followed = deque(["/admin/"]), {"/admin/"}, set()
    errors, leaks, refusals = [], [], []

    def check(url, response):
        if response.status_code >= 500:
            errors.append(f"{url}: {response.status_code}")
        if getattr(response, "streaming", False):  # a file (document, export): not searched
            # Read through the test client's wrapper: calling response.close() here would send
            # request_finished, which closes the test's PostgreSQL connection mid-transaction.
            b"".join(response.streaming_content)
            return ""
        body = response.content.decode(errors="replace")
        for title in titles:
            if title in body:
                leaks.append(f"{url}: {title}")
        return body

    while queue and len(seen) <= LIMIT:
        url = queue.popleft()
        response = client.get(url)
        body = check(url, response)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        links, actions = admin_links(body)
        for action in actions:
            # Once per action and rows: the same link under another `next` or ordering is
            # the same offer.
            key = urlsplit(action).path
            if BULK.search(action):
                key += " " + " ".join(sorted(re.findall(r"id=(\d+)", action)))
            if key in followed:
                continue
            followed.add(key)
            answer = client.get(action)
            check(action, answer)
            if refused(answer):
                refusals.append(f"{action} (offered on {url}): {answer.status_code}")
            elif BULK.search(action) and answer.status_code == 200:
                # Refused for the role: no selected row may be acted on, some for want of
                # permission (rows protected by references are the data's refusal, not the role's).
                context = answer.context or {}
                if not context.get("items") and context.get("items_with_no_access"):
                    refusals.append(f"{action} (offered on {url}): no row may be acted on")
        for link in links:
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return seen, followed, errors, leaks, refusals


@pytest.fixture
def demo(db):
    from exemplar_stories.demo.loader import load_demo_content

    load_demo_content()
    # A draft of a second unit, so that each demo editor has another unit's draft to miss.
    index = ExemplarIndexPage.objects.get()
    draft = ExemplarPage(
        title="Bản nháp riêng của Thanh tra Sở về tổ hòa giải",
        subject_name="Tổ hòa giải ấp Phú Hòa",
        subject_kind="collective",
        unit=Unit.objects.get(name="Thanh tra Sở Tư pháp thành phố Cần Thơ"),
        summary="Chưa gửi duyệt.",
        live=False,
    )
    index.add_child(instance=draft)
    draft.save_revision(user=get_user_model().objects.get(username="bientap.thanhtra"))


@pytest.mark.parametrize("username", ROLES)
def test_each_role_walks_the_admin_without_errors_leaks_or_refused_offers(client, demo, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    titles = forbidden_titles(user)
    if username.startswith("bientap."):
        assert titles, "the demo gives each editor another unit's draft to miss"
    started = time.monotonic()
    seen, followed, errors, leaks, refusals = walk(client, titles)
    elapsed = time.monotonic() - started
    print(
        f"{username}: {len(seen)} pages walked, {len(followed)} actions followed, {elapsed:.0f} s"
    )
    assert len(seen) > 10
    assert not errors, "\n".join(errors)
    assert not leaks, "\n".join(leaks)
    assert not refusals, "\n".join(refusals)
