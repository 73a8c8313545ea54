"""Editors see only their unit's drafts, on every admin listing (issue #12 item 3): as
bientap.thanhtra, no response of these URLs contains Kế Sách's draft title."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from exemplar_stories.models import StoryPage

pytestmark = pytest.mark.django_db

DRAFT = "Bản nháp: Tổ hòa giải ấp Đông Hải"  # the demo's Kế Sách draft
IN_REVIEW = "Tổ tư vấn pháp luật lưu động xã Phong Nẫm"  # the demo's Kế Sách story in review


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)
    settings.DEBUG = False
    return StoryPage.objects.get(title=DRAFT)


def urls(draft):
    index = draft.get_parent()
    return [
        f"/admin/pages/{index.pk}/",
        f"/admin/pages/{index.pk}/?q=nháp",
        f"/admin/pages/{index.pk}/?q=Đông Hải",
        "/admin/pages/search/?q=Đông Hải",
        "/admin/pages/search/?q=nháp",
        "/admin/choose-page/",
        f"/admin/choose-page/{index.pk}/",
        "/admin/choose-page/search/?q=Đông Hải",
        "/admin/api/main/pages/",
        f"/admin/api/main/pages/?child_of={index.pk}&for_explorer=1",
        "/admin/api/main/pages/?search=Đông Hải",
        f"/admin/api/main/pages/{draft.pk}/",
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/aging-pages/",
        "/admin/pages/usage/exemplar_stories/exemplarpage/",
    ]


@pytest.mark.parametrize("username", ["bientap.thanhtra"])
def test_another_units_editor_sees_no_draft_title_anywhere(client, demo, username):
    client.force_login(get_user_model().objects.get(username=username))
    leaks = []
    for url in urls(demo):
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.content.decode()
        if DRAFT in body or IN_REVIEW in body or demo.slug in body:
            leaks.append(url)
    assert leaks == []


def test_the_units_own_editor_still_finds_the_draft(client, demo):
    client.force_login(get_user_model().objects.get(username="bientap.kesach"))
    index = demo.get_parent()
    assert DRAFT in client.get(f"/admin/pages/{index.pk}/").content.decode()
    assert DRAFT in client.get("/admin/pages/search/?q=Đông Hải").content.decode()
    assert DRAFT in client.get("/admin/choose-page/search/?q=Đông Hải").content.decode()


def test_the_office_still_sees_every_units_drafts(client, demo):
    client.force_login(get_user_model().objects.get(username="vanphong"))
    index = demo.get_parent()
    assert DRAFT in client.get(f"/admin/pages/{index.pk}/").content.decode()


def test_an_editor_with_no_unit_sees_and_edits_no_story(client):
    """An editor whose unit was not set yet (or was removed) belongs to no unit: nothing of any
    unit's is theirs, neither to read in the admin nor to edit."""
    from ..support.factories import make_story, make_unit
    from ..support.workflow_helpers import edit, make_user

    draft = make_story("Bản nháp của Kế Sách", unit=make_unit(), live=False)
    client.force_login(make_user("bientap.moi", group="EDITOR_GROUP"))
    index = draft.get_parent()
    for url in (f"/admin/pages/{index.pk}/", "/admin/pages/search/?q=Kế Sách"):
        assert draft.title not in client.get(url).content.decode(), url
    assert client.get(f"/admin/pages/{draft.pk}/edit/").status_code in (302, 403)
    edit(client, draft, summary="Sửa của người không thuộc đơn vị nào.")
    latest = StoryPage.objects.get(pk=draft.pk).get_latest_revision().as_object()
    assert latest.summary != "Sửa của người không thuộc đơn vị nào."


def test_the_page_types_report_names_another_units_draft_to_no_editor(client, demo):
    """The page types usage report names each type's last edited page: after Kế Sách's editor
    edits their draft it is that page, named to them and to the Office, never to another unit's
    editor (who still sees the report)."""
    from ..support.workflow_helpers import edit

    users = get_user_model().objects
    client.force_login(users.get(username="bientap.kesach"))
    assert edit(client, demo, summary="Sửa lại phần tóm tắt.").status_code == 302
    report = "/admin/reports/page-types-usage/"
    for username, sees in (
        ("bientap.kesach", True),
        ("vanphong", True),
        ("bientap.thanhtra", False),
    ):
        client.force_login(users.get(username=username))
        response = client.get(report)
        assert response.status_code == 200
        assert (DRAFT in response.content.decode()) is sees, username


def explorer_queries(client, user, totals=(2, 8)):
    """For each total of a unit's drafts, the SQL queries of `user`'s warm explorer of the
    index listing them all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..support.factories import make_index, make_story, make_unit

    index, unit = make_index(), make_unit()
    client.force_login(user)
    measured = []
    for total in totals:
        while StoryPage.objects.count() < total:
            make_story(f"Bài {StoryPage.objects.count()}", unit=unit, live=False)
        client.get(f"/admin/pages/{index.pk}/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/admin/pages/{index.pk}/")
        assert f"Bài {total - 1}" in response.content.decode()
        measured.append([query["sql"] for query in queries.captured_queries])
    return measured


def test_an_editors_explorer_asks_the_role_and_the_units_scope_once_not_per_story(client):
    """Every row of the explorer asks whether the editor may act on it: their groups (Office or
    editor, `roles.is_office`) and their unit with its predecessors (`roles.unit_scope`). Both
    are read once per request: listing more stories asks them no more often (before, an
    editor's explorer of 8 stories asked the groups 103 times)."""
    from ..support.factories import make_unit
    from ..support.workflow_helpers import make_user

    editor = make_user("bientap.a", group="EDITOR_GROUP", unit=make_unit())
    asked = [
        sum(1 for sql in run if "auth_user_groups" in sql or "exemplar_stories_unitchange" in sql)
        for run in explorer_queries(client, editor)
    ]
    assert asked[1] == asked[0] <= 8, asked


def test_the_offices_explorer_costs_a_few_queries_per_story_not_a_dozen(client):
    """For each row the Office's explorer asks whether the story may be published (four-eyes
    and consent, `stories.may_go_live`): the approval is asked first, and a story without one
    costs nothing more (the consent read the revision's content: 12 queries a row)."""
    from ..support.workflow_helpers import make_user

    office = make_user("vanphong", group="REVIEWER_GROUP")
    counts = [len(run) for run in explorer_queries(client, office)]
    assert (counts[1] - counts[0]) / 6 <= 4, counts


def test_nobody_and_an_anonymous_visitor_hold_no_units_stories():
    """No user (a publish by code) and an anonymous visitor are neither editors nor the Office
    and belong to no unit: their unit scope is empty, and they may act on no unit's story."""
    from django.contrib.auth.models import AnonymousUser

    from exemplar_stories.access.roles import is_editor, is_office, unit_scope
    from exemplar_stories.access.stories import user_may_act_on

    from ..support.factories import make_story

    story = make_story("Bài của Kế Sách", live=False)
    for nobody in (None, AnonymousUser()):
        assert not is_editor(nobody) and not is_office(nobody)
        assert unit_scope(nobody) == frozenset()
        assert not user_may_act_on(nobody, story)
