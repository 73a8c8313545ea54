"""Four-eyes on every publish path (issue #12 item 2): a story goes live only when an Office
member who wrote none of its revisions since it was last live, and did not submit it, approved
it. Each attack is the one reproduced on main, through the real admin URLs."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from exemplar_stories.models import StoryPage

from ..support.factories import make_index, make_story, make_unit
from ..support.workflow_helpers import current_task_state, edit, make_user, workflow_action

pytestmark = pytest.mark.django_db

# may_go_live of an approved story (see the test of that name)
QUERIES_OF_AN_APPROVED_STORY = 16


@pytest.fixture
def people():
    make_index()
    ke_sach = make_unit("Phòng Tư pháp huyện Kế Sách")
    return {
        "editor": make_user("bientap.a", group="EDITOR_GROUP", unit=ke_sach),
        "office": make_user("vanphong", group="REVIEWER_GROUP"),
        "office2": make_user("vanphong2", group="REVIEWER_GROUP"),
        "admin": make_user("admin", superuser=True),
        "unit": ke_sach,
    }


def office_draft(client, people, author="office", title="Bài Văn phòng tự viết"):
    """A draft whose only revisions the Office member `author` wrote, through the edit view."""
    page = make_story(title, unit=people["unit"], live=False)
    client.force_login(people[author])
    assert edit(client, page, summary="Văn phòng viết.").status_code == 302
    return page


def is_live(page):
    return StoryPage.objects.get(pk=page.pk).live


@pytest.mark.parametrize("author", ["office", "admin"])
def test_the_edit_views_publish_is_neither_offered_nor_accepted_to_the_author(
    client, people, author
):
    page = office_draft(client, people, author)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in html
    edit(client, page, action="publish")
    assert not is_live(page)


def test_bulk_publish_refuses_an_unreviewed_story(client, people):
    page = office_draft(client, people)
    url = f"/admin/bulk/wagtailcore/page/publish/?next=/admin/&id={page.pk}"
    client.post(url, {})
    assert not is_live(page)


def test_the_admin_api_publish_action_refuses_an_unreviewed_story(client, people):
    page = office_draft(client, people)
    response = client.post(
        f"/admin/api/main/pages/{page.pk}/action/publish/",
        data=json.dumps({}),
        content_type="application/json",
    )
    assert response.status_code in (400, 403)
    assert not is_live(page)


def test_a_go_live_date_then_publish_scheduled_does_not_publish_an_unreviewed_story(client, people):
    page = office_draft(client, people)
    go_live = (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    edit(client, page, action="publish", go_live_at=go_live)
    # and a revision scheduled by code (as a forged or buggy path would) is refused at publish
    revision = StoryPage.objects.get(pk=page.pk).get_latest_revision()
    revision.approved_go_live_at = timezone.now() + datetime.timedelta(days=2)
    revision.save(update_fields=["approved_go_live_at"])
    with freeze_time(timezone.now() + datetime.timedelta(days=3)):
        with pytest.raises(PermissionDenied):
            call_command("publish_scheduled", verbosity=0)
    assert not is_live(page)


def test_copying_a_draft_and_publishing_the_copy_is_refused(client, people):
    page = office_draft(client, people)
    client.force_login(people["office"])
    response = client.post(
        f"/admin/pages/{page.pk}/copy/",
        {
            "new_title": "Bản sao",
            "new_slug": "ban-sao",
            "new_parent_page": str(page.get_parent().pk),
            "copy_subpages": "",
            "publish_copies": "",
            "alias": "",
        },
    )
    assert response.status_code == 302
    copy = StoryPage.objects.get(slug="ban-sao")
    edit(client, copy, action="publish", title="Bản sao", slug="ban-sao")
    assert not is_live(copy)
    client.post(f"/admin/bulk/wagtailcore/page/publish/?next=/admin/&id={copy.pk}", {})
    assert not is_live(copy)


def test_reverting_to_an_old_revision_needs_a_review_again(client, people):
    page = make_story("Bài đã đăng", unit=people["unit"], live=False)
    client.force_login(people["editor"])
    edit(client, page, action="submit")
    client.force_login(people["office2"])
    assert workflow_action(client, page, "approve").status_code == 302
    assert is_live(page)
    reviewed = StoryPage.objects.get(pk=page.pk).get_latest_revision()
    client.force_login(people["editor"])
    edit(client, page, summary="Bản sửa sau khi đăng.")
    client.force_login(people["office"])
    client.post(
        f"/admin/pages/{page.pk}/revisions/{reviewed.pk}/revert/",
        {**_form(page, summary="Văn phòng khôi phục và sửa."), "action-publish": "publish"},
    )
    assert StoryPage.objects.get(pk=page.pk).summary != "Văn phòng khôi phục và sửa."


def _form(page, **overrides):
    from ..support.workflow_helpers import story_form_data

    return story_form_data(page, **overrides)


def test_a_writes_b_edits_and_submits_then_a_may_not_approve(client, people):
    page = office_draft(client, people, "office")  # A (Office) writes
    client.force_login(people["editor"])
    edit(client, page, summary="Sửa một chữ.", action="submit")  # B edits and submits
    client.force_login(people["office"])
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "/approve/" not in html
    workflow_action(client, page, "approve")
    assert not is_live(page)
    client.force_login(people["office2"])  # C, who wrote nothing, may
    assert workflow_action(client, page, "approve").status_code == 302
    assert is_live(page)


def test_the_workflow_publishes_after_an_eligible_approval(client, people):
    page = office_draft(client, people, "office")
    edit(client, page, action="submit")
    client.force_login(people["office2"])
    assert workflow_action(client, page, "approve").status_code == 302
    assert is_live(page)


def test_code_cannot_publish_an_unreviewed_story(people):
    page = make_story("Bài chưa duyệt", unit=people["unit"], live=False)
    with pytest.raises(PermissionDenied):
        page.save_revision(user=people["office"]).publish()
    with pytest.raises(PermissionDenied):
        page.save_revision().publish(user=people["admin"])
    assert not is_live(page)


def test_a_setting_lets_superusers_skip_four_eyes(client, people, settings):
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SUPERUSERS_SKIP_FOUR_EYES": True}
    page = office_draft(client, people, "admin")
    edit(client, page, action="publish")
    assert is_live(page)
    page = office_draft(client, people, "office", title="Bài khác")
    edit(client, page, action="publish")
    assert not is_live(page)


def test_unpublishing_stays_an_office_action(client, people):
    page = make_story("Bài đã đăng", unit=people["unit"])
    client.force_login(people["editor"])
    client.post(f"/admin/pages/{page.pk}/unpublish/")
    assert is_live(page)
    client.force_login(people["office"])
    client.post(f"/admin/pages/{page.pk}/unpublish/")
    assert not is_live(page)


# --- what counts as an approval (mutation testing, issue #21) ----------------------------------


def test_a_request_for_changes_is_not_an_approval(client, people):
    page = make_story("Bài bị trả lại", unit=people["unit"], live=False)
    client.force_login(people["editor"])
    edit(client, page, action="submit")
    client.force_login(people["office"])
    assert workflow_action(client, page, "reject", comment="Thêm số liệu.").status_code == 302
    for reviewer in ("office", "office2"):
        client.force_login(people[reviewer])
        html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert 'name="action-publish"' not in html
        edit(client, page, action="publish")
        assert not is_live(page)


def scheduled_and_approved(client, people):
    """The editor submits a story to go live in five minutes; `office` approves it."""
    page = make_story("Bài hẹn giờ", unit=people["unit"], live=False)
    go_live = timezone.now() + datetime.timedelta(minutes=5)
    client.force_login(people["editor"])
    edit(
        client,
        page,
        action="submit",
        go_live_at=timezone.localtime(go_live).strftime("%d/%m/%Y %H:%M"),
    )
    client.force_login(people["office"])
    assert workflow_action(client, page, "approve").status_code == 302
    return page, go_live


def test_an_approval_counts_only_while_the_approver_is_in_the_office(client, people):
    page, go_live = scheduled_and_approved(client, people)
    people["office"].groups.clear()  # the reviewer left the Office before the go-live time
    with freeze_time(go_live + datetime.timedelta(minutes=10)):
        with pytest.raises(PermissionDenied):
            call_command("publish_scheduled", verbosity=0)
    assert not is_live(page)


def test_the_submitter_may_not_approve_even_without_writing_a_revision(client, people):
    """The submitter is barred as such, not only as an author: an Office member who starts the
    review of the editor's draft without editing it (a workflow started in code or by an
    import) is still not the second pair of eyes (a mutant that forgot the submitter
    survived every test)."""
    page = make_story("Bài của biên tập viên", unit=people["unit"], live=False)
    client.force_login(people["editor"])
    assert edit(client, page, summary="Biên tập viên viết.").status_code == 302
    page = StoryPage.objects.get(pk=page.pk)
    page.get_workflow().start(page, people["office"])  # submitted by the Office, no revision
    client.force_login(people["office"])
    assert "/approve/" not in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    workflow_action(client, page, "approve")
    assert current_task_state(page) is not None  # the review still waits for someone else
    assert not is_live(page)
    client.force_login(people["office2"])
    assert workflow_action(client, page, "approve").status_code == 302
    assert is_live(page)


def test_before_any_review_those_barred_are_the_authors_since_it_was_last_live(client, people):
    """Asked of a story not (or no longer) in review, e.g. by the review screen after the
    submitter cancelled, the rule answers with the authors alone rather than failing."""
    from exemplar_stories.models import OfficeReviewTask

    page = make_story("Bài chưa gửi duyệt", unit=people["unit"], live=False)
    client.force_login(people["editor"])
    assert edit(client, page, summary="Biên tập viên viết.").status_code == 302
    page = StoryPage.objects.get(pk=page.pk)
    assert page.current_workflow_state is None
    assert OfficeReviewTask.authors_of(page) == {people["editor"].pk}


def test_with_the_setting_a_superuser_publishes_a_new_story_as_they_create_it(
    client, people, settings
):
    """SUPERUSERS_SKIP_FOUR_EYES also gives a superuser the add view's Publish (the index's
    "publish a subpage"); without it, a story created with Publish stays a draft."""
    from ..support.admin_flow import create_story_via_admin

    _response, draft = create_story_via_admin(
        client, people["admin"], action="publish", unit=people["unit"], title="Bài thứ nhất"
    )
    assert draft is not None and not is_live(draft)
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SUPERUSERS_SKIP_FOUR_EYES": True}
    _response, story = create_story_via_admin(
        client, people["admin"], action="publish", unit=people["unit"], title="Bài thứ hai"
    )
    assert story is not None and is_live(story)


def test_with_the_setting_a_superusers_publish_by_code_goes_through_and_nobodys_does_not(
    people, settings
):
    """The publish guard itself (`check_may_go_live`, what publish_scheduled and code reach)
    knows who publishes: with SUPERUSERS_SKIP_FOUR_EYES a superuser's publish goes through; a
    publish with no user still needs the Office's approval."""
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SUPERUSERS_SKIP_FOUR_EYES": True}
    page = make_story("Bài đăng bằng lệnh", unit=people["unit"], live=False)
    with pytest.raises(PermissionDenied, match="một thành viên khác của Văn phòng Sở đã duyệt"):
        page.get_latest_revision().publish()
    assert not is_live(page)
    page.get_latest_revision().publish(user=people["admin"])
    assert is_live(page)


def test_asking_whether_an_approved_story_may_go_live_reads_the_approval_in_one_query(
    client, people, django_assert_num_queries
):
    """The Office's explorer asks this of every row: the approval comes with its reviewer and
    its workflow (one query), whatever the number of approvals to weigh."""
    from exemplar_stories.access.stories import may_go_live

    from ..support.admin_flow import approve, create_story_via_admin, submit_for_review

    _response, page = create_story_via_admin(client, people["editor"])
    submit_for_review(client, people["editor"], page)
    approve(client, people["office"], page)

    def fresh():
        story = StoryPage.objects.get(pk=page.pk)
        return story, story.get_latest_revision()

    story, revision = fresh()
    assert may_go_live(story, revision, people["office2"])
    story, revision = fresh()
    # The story; the approvals with their reviewer and workflow (one query, not one more per
    # approval); the contributors since live; the last withdrawal; the reviewer's groups; the
    # revision's content and its consent.
    with django_assert_num_queries(QUERIES_OF_AN_APPROVED_STORY):
        assert may_go_live(story, revision, people["office2"])


def test_a_scheduled_approval_goes_live_though_its_reviewer_started_a_later_draft(client, people):
    """The reviewer is judged on the revision they approved: the Office approves a story
    scheduled for later, then begins a draft of their own; at the go-live time the approved
    revision (not the draft) goes live."""
    page, _go_live = scheduled_and_approved(client, people)
    approved = StoryPage.objects.get(pk=page.pk).get_latest_revision()
    assert approved.approved_go_live_at is not None and not is_live(page)
    later_draft = StoryPage.objects.get(pk=page.pk).specific
    later_draft.summary = "Văn phòng viết tiếp."
    later_draft.save_revision(user=people["office"])
    with freeze_time(timezone.now() + datetime.timedelta(minutes=10)):
        call_command("publish_scheduled", verbosity=0)
    live = StoryPage.objects.get(pk=page.pk)
    assert live.live and live.live_revision_id == approved.pk
    assert live.summary != "Văn phòng viết tiếp."


def test_an_approval_in_another_task_is_not_the_offices_review(people):
    """Only the Office review task's approval counts: a site that adds Wagtail's own approval
    task to a workflow does not make its approvals a second pair of eyes."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, TaskState, Workflow, WorkflowState

    from exemplar_stories.access.stories import may_go_live

    page = make_story("Bài duyệt ở bước khác", unit=people["unit"], live=False)
    revision = page.get_latest_revision()
    task = GroupApprovalTask.objects.create(name="Duyệt khác")
    task.groups.set(Group.objects.all())
    workflow = Workflow.objects.create(name="Quy trình khác")
    state = WorkflowState.objects.create(
        content_type=page.content_type,
        base_content_type=page.get_base_content_type(),
        object_id=str(page.pk),
        workflow=workflow,
        status=WorkflowState.STATUS_APPROVED,
        requested_by=people["editor"],
    )
    TaskState.objects.create(
        workflow_state=state,
        revision=revision,
        task=task,
        status=TaskState.STATUS_APPROVED,
        finished_by=people["office2"],
        finished_at=timezone.now(),
    )
    assert not may_go_live(page, revision, people["office2"])


def test_the_rule_binds_stories_only(people):
    """The story index (and any page that is not a story) publishes as Wagtail allows."""
    from exemplar_stories.access.stories import may_go_live

    index = make_index()
    assert may_go_live(index, index.save_revision(), people["editor"])
