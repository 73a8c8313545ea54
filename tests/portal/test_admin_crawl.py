"""A crawler walks the admin as each demo role would (issue 15, finding 6): from the dashboard,
every admin page reachable by links (breadth-first, GET only, bounded), and fails on English
words a person can read. Scripts, styles, templates and attribute values are not read."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup

ROLES = ["vanphong", "bientap.kesach", "admin"]
LIMIT = 150
# Common English words of Wagtail's and Django's admin UI.
ENGLISH = [
    "Password",
    "Save",
    "Delete",
    "Cancel",
    "Edit",
    "Add",
    "Search",
    "Settings",
    "Page",
    "Pages",
    "Images",
    "Documents",
    "Users",
    "Groups",
    "minutes",
    "ago",
    "True",
    "False",
    "Sheet",
    "slug",
    "title tag",
    "feed",
    "Dashboard",
    "Reports",
    "Help",
    "Log out",
    "Sign in",
    "Publish",
    "Unpublish",
    "Preview",
    "History",
    "Draft",
    "Live",
    "Status",
    "Title",
    "Owner",
    "Created",
    "Updated",
    "Filter",
    "Filters",
    "Choose",
    "Upload",
    "Select",
    "Yes",
    "No",
    "Submit",
    "Approve",
    "Reject",
    "Workflow",
    "Tasks",
    "Account",
    "Profile",
    "Name",
    "Email",
    "Export",
    "Download",
    "Next",
    "Previous",
    "Sort",
    "Order",
    "Type",
    "Date",
    "hours",
    "days",
    "Snippets",
    "Redirects",
    "Collections",
    "Locked",
    "Unlocked",
    "Required",
    "Optional",
    # Django's date filter.
    "Any date",
    "Today",
    "Past 7 days",
    "This month",
    "This year",
    "Response",
    "excerpt",
]
# Proper names, formats and terms that stay as they are.
# ("Email" is the usual Vietnamese word too.)
ALLOWED = {"Wagtail", "XLSX", "CSV", "PDF", "JSON", "HTML", "URL", "RSS", "Atom", "SEO", "Email"}
# The sidebar menu is drawn by JavaScript from a JSON script: its links are read there.
MENU_URL = re.compile(r'"url":\s*"(/admin/[^"]*)"')
SKIP = re.compile(
    r"/logout|/delete|/unpublish|/move|/copy|/lock|/unlock|/revisions/\d+/revert|/workflow/action"
    r"|/cancel|/disable|/enable|/resend|/export|\?export=|/preview|/view_draft|/convert_alias"
    r"|/usage|/chooser|/autocomplete|/jsi18n|/api/|/documents/\d+/|/images/\d+/generate"
    r"|/multiple/|/bulk/|/reorder|/set_privacy|/history/|/workflow/history"
)


def visible_text(html):
    """The text a person reads, and the images' alternative text (read when they are broken)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template", "noscript", "code", "pre"]):
        tag.decompose()
    alts = " ".join(img.get("alt", "") for img in soup.find_all("img"))
    return " ".join(f"{soup.get_text(' ')} {alts}".split()), soup


def english_in(text):
    found = set()
    for word in ENGLISH:
        if word in ALLOWED:
            continue
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            found.add(word)
    return found


def crawl(client):
    queue, seen, problems = deque(["/admin/"]), {"/admin/"}, {}
    while queue and len(seen) <= LIMIT:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        text, soup = visible_text(html)
        found = english_in(text)
        if "/static/admin/" in html:  # Django admin's icons: not served here (404)
            found.add("/static/admin/ (broken icon)")
        if found:
            problems[url] = sorted(found)
        hrefs = [link["href"] for link in soup.find_all("a", href=True)]
        for href in [*MENU_URL.findall(html), *hrefs]:
            href = urldefrag(href.replace("\\u0026", "&"))[0]
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/admin/") or SKIP.search(href):
                continue
            if href not in seen:
                seen.add(href)
                queue.append(href)
    return seen, problems


@pytest.fixture
def demo(db):
    import uuid

    from exemplar_stories.demo.loader import load_demo_content
    from exemplar_stories.models import DeliveryStatus, StoryPage, SyndicationDelivery

    load_demo_content()
    # A list shows its headings and filters only when it has rows: the syndication log gets
    # one delivery of each status (the demo sends nothing: syndication is not configured).
    story = StoryPage.objects.live().first()
    for status in DeliveryStatus.values:
        SyndicationDelivery.objects.create(
            webhook_id=f"msg_{uuid.uuid4().hex}",
            event="story.published",
            page=story,
            story_uuid=story.syndication_uuid,
            story_title=story.title,
            body="{}",
            status=status,
            attempts=1,
            last_status_code=200,
            last_response='{"received": "msg_0"}',
        )


@pytest.mark.parametrize("username", ROLES)
def test_the_admin_has_no_english_a_person_can_read(client, demo, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    seen, problems = crawl(client)
    assert len(seen) > 10
    report = "\n".join(f"{url}: {', '.join(words)}" for url, words in sorted(problems.items()))
    assert not problems, f"English seen by {username} on {len(problems)} pages:\n{report}"
