"""The editorial workflow through the real admin views: draft → Office review → publish."""

from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState

from exemplar_stories.models import OfficeReviewTask, StoryPage

from ..support.admin_flow import (
    approve,
    create_story_via_admin,
    offered_workflow_actions,
    request_changes,
    submit_for_review,
)
from ..support.factories import make_index, make_story, make_unit, vn_time
from ..support.workflow_helpers import current_task_state, edit, make_user, workflow_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    make_index()
    ke_sach = make_unit("Phòng Tư pháp huyện Kế Sách")
    thanh_tra = make_unit("Thanh tra Sở")
    return {
        "editor_a": make_user("bientap.a", group="EDITOR_GROUP", unit=ke_sach),
        "editor_b": make_user("bientap.b", group="EDITOR_GROUP", unit=thanh_tra),
        "office": make_user("vanphong", group="REVIEWER_GROUP"),
        "office2": make_user("vanphong2", group="REVIEWER_GROUP"),
        "admin": make_user("admin", superuser=True),
        "unit_a": ke_sach,
        "unit_b": thanh_tra,
    }


def refused_by_four_eyes(client, response):
    """The review view sends the author back with the reason, instead of a bare 403."""
    if response.status_code != 302:
        return False
    text = client.get(response["Location"]).content.decode()
    return "Bạn không thể duyệt bài" in text and "nguyên tắc hai người" in text


def approve_until_live(client, page, tries=2):
    """Approve as the logged-in reviewer; an approval of an outdated revision asks again."""
    for _ in range(tries):
        assert workflow_action(client, page, "approve").status_code == 302
        page.refresh_from_db()
        if page.live:
            return
    raise AssertionError("the story did not go live")


def draft_of(people, title="Bài của Kế Sách"):
    return make_story(title, unit=people["unit_a"], live=False)


def submit(client, people, page, as_user="editor_a"):
    client.force_login(people[as_user])
    response = edit(client, page, action="submit")
    assert response.status_code == 302, response.content[:500]
    return response


def test_new_index_gets_the_office_workflow(people):
    index = make_index()
    workflow = index.get_workflow()
    assert workflow.name == "Duyệt tin điển hình"
    assert isinstance(workflow.tasks.first().specific, OfficeReviewTask)


def test_editor_cannot_publish_directly(client, people):
    page = draft_of(people)
    client.force_login(people["editor_a"])
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in html
    edit(client, page, action="publish")  # a forged POST
    page.refresh_from_db()
    assert not page.live
    assert not StoryPage.objects.live().filter(pk=page.pk).exists()


def test_editor_submits_and_a_reviewer_approves_through_the_admin(client, people):
    page = draft_of(people)
    submit(client, people, page)
    page.refresh_from_db()
    assert page.workflow_in_progress
    client.force_login(people["office"])
    response = workflow_action(client, page, "approve")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live


def test_office_is_emailed_for_each_submission(client, people):
    page = draft_of(people)
    mail.outbox.clear()
    submit(client, people, page)
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"vanphong@example.vn", "vanphong2@example.vn"} <= recipients
    assert "bientap.a@example.vn" not in recipients
    assert "admin@example.vn" not in recipients  # superusers are not notified


def test_reviewer_cannot_approve_their_own_submission(client, people):
    page = make_story("Bài của Văn phòng", unit=people["unit_a"], live=False)
    submit(client, people, page, as_user="office")
    # The action menu offers the author "request changes" but not "approve"; a second
    # reviewer is offered both.
    assert offered_workflow_actions(client, people["office"], page) == {"reject"}
    assert offered_workflow_actions(client, people["office2"], page) == {"approve", "reject"}
    client.force_login(people["office"])
    response = workflow_action(client, page, "approve")
    assert refused_by_four_eyes(client, response)
    page.refresh_from_db()
    assert not page.live
    client.force_login(people["office2"])
    assert workflow_action(client, page, "approve").status_code == 302
    page.refresh_from_db()
    assert page.live


def test_the_task_itself_refuses_the_authors_approval(client, people):
    """Behind the menu: a forged approval by the author reaches the task, which refuses it."""
    page = make_story("Bài của Văn phòng", unit=people["unit_a"], live=False)
    submit(client, people, page, as_user="office")
    task_state = current_task_state(page)
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state.specific, people["office"], "approve")
    page.refresh_from_db()
    assert not page.live and page.workflow_in_progress


def test_a_story_written_sent_back_and_approved_entirely_through_the_admin(client, people):
    response, page = create_story_via_admin(
        client, people["editor_a"], "new_model", title="Mô hình hòa giải ở Kế Sách"
    )
    assert response.status_code == 302 and page.unit == people["unit_a"]
    submit_for_review(client, people["editor_a"], page)
    assert offered_workflow_actions(client, people["editor_a"], page) == set()
    request_changes(client, people["office"], page, "Thêm số vụ hòa giải thành.")
    assert not page.workflow_in_progress and not page.live
    submit_for_review(client, people["editor_a"], page)
    approve(client, people["office2"], page)
    assert page.live
    assert page.live_revision.user == people["editor_a"]  # the editor's revision went live


def test_reviewer_cannot_approve_a_story_they_last_edited(client, people):
    page = draft_of(people)
    submit(client, people, page)
    client.force_login(people["office"])
    edit(client, page, summary="Văn phòng sửa lại tóm tắt.")  # the reviewer's own revision
    client.get("/admin/")  # reads "updated"
    assert refused_by_four_eyes(client, workflow_action(client, page, "approve"))
    page.refresh_from_db()
    assert not page.live
    client.force_login(people["office2"])
    approve_until_live(client, page)
    assert page.summary == "Văn phòng sửa lại tóm tắt."


def test_approve_publishes_exactly_the_approved_revision(client, people):
    page = draft_of(people)
    submit(client, people, page)
    page.refresh_from_db()
    submitted_revision = page.get_latest_revision()
    client.force_login(people["office"])
    workflow_action(client, page, "approve")
    page.refresh_from_db()
    assert page.live_revision_id == submitted_revision.pk


def test_editor_cannot_edit_while_the_office_reviews(client, people):
    page = draft_of(people)
    submit(client, people, page)
    client.force_login(people["editor_a"])
    edit(client, page, summary="Sửa trong lúc chờ duyệt.")
    page.refresh_from_db()
    assert page.get_latest_revision().as_object().summary != "Sửa trong lúc chờ duyệt."
    assert page.workflow_in_progress


def test_an_edit_during_review_needs_approval_again(client, people):
    page = draft_of(people)
    submit(client, people, page)
    stale = current_task_state(page)
    client.force_login(people["office"])
    edit(client, page, summary="Văn phòng sửa trong lúc duyệt.")
    client.force_login(people["office2"])
    # Approving the task opened for the submitted revision does not publish the edited one…
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{stale.pk}/")
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_in_progress
    # …the edited revision needs its own approval, and then it is what goes live.
    approve_until_live(client, page)
    assert page.summary == "Văn phòng sửa trong lúc duyệt."
    assert page.live_revision_id == page.get_latest_revision().pk


def test_request_changes_requires_a_comment(client, people):
    page = draft_of(people)
    submit(client, people, page)
    client.force_login(people["office"])
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/reject/{current_task_state(page).pk}/",
        {"comment": ""},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    html = response.json()["html"]  # the modal comes back with the error
    assert "Vui lòng ghi rõ nội dung biên tập viên cần chỉnh sửa." in html
    page.refresh_from_db()
    assert page.workflow_in_progress  # still in review: nothing happened


def test_request_changes_with_a_comment_returns_the_story_and_emails_the_editor(client, people):
    page = draft_of(people)
    submit(client, people, page)
    mail.outbox.clear()
    client.force_login(people["office"])
    response = workflow_action(client, page, "reject", comment="Bổ sung số liệu năm 2026.")
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.workflow_in_progress and not page.live
    to_editor = [m for m in mail.outbox if "bientap.a@example.vn" in m.to]
    assert to_editor, [m.to for m in mail.outbox]
    assert "Bổ sung số liệu năm 2026." in to_editor[0].body  # the reviewer's comment itself
    assert page.title in to_editor[0].subject + to_editor[0].body
    # The editor sees it on the dashboard, with the comment.
    client.force_login(people["editor_a"])
    dashboard = client.get("/admin/").content.decode()
    assert page.title in dashboard
    assert "Bổ sung số liệu năm 2026." in dashboard


def test_office_dashboard_lists_stories_awaiting_review_oldest_first(client, people):
    first = draft_of(people, "Bài gửi trước")
    second = draft_of(people, "Bài gửi sau")
    submit(client, people, first)
    submit(client, people, second)
    client.force_login(people["office"])
    html = client.get("/admin/").content.decode()
    assert html.index("Bài gửi trước") < html.index("Bài gửi sau")
    assert "Phòng Tư pháp huyện Kế Sách" in html


def test_approve_after_the_submitter_cancelled_publishes_nothing(client, people):
    page = draft_of(people)
    submit(client, people, page)
    task_state = current_task_state(page)
    client.force_login(people["editor_a"])
    edit(client, page, action="cancel-workflow")
    page.refresh_from_db()
    assert not page.workflow_in_progress
    client.force_login(people["office"])
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/")
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(page.title in m for m in messages), messages


def test_two_reviewers_approving_at_the_same_moment_publish_once(client, people):
    page = draft_of(people)
    submit(client, people, page)
    task_state = current_task_state(page)
    task = task_state.task.specific
    # Both reviewers loaded the same in-progress task state; the first approval wins.
    task.on_action(TaskState.objects.get(pk=task_state.pk).specific, people["office"], "approve")
    task.on_action(TaskState.objects.get(pk=task_state.pk).specific, people["office2"], "approve")
    page.refresh_from_db()
    assert page.live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 1
    # The second reviewer, through the admin, gets a clear message.
    client.force_login(people["office2"])
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(page.title in m for m in messages), messages


def test_scheduled_story_goes_live_when_publish_scheduled_runs(client, people):
    from django.core.management import call_command
    from django.utils import timezone

    page = draft_of(people)
    page.go_live_at = timezone.now() + timezone.timedelta(minutes=5)
    page.save()
    client.force_login(people["editor_a"])
    edit(
        client,
        page,
        action="submit",
        go_live_at=timezone.localtime(page.go_live_at).strftime("%d/%m/%Y %H:%M"),
    )
    client.force_login(people["office"])
    workflow_action(client, page, "approve")
    page.refresh_from_db()
    assert not page.live
    revision = page.get_latest_revision()
    assert revision.approved_go_live_at is not None
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert not page.live  # not yet: cron ran before the go-live time
    later = timezone.now() + timezone.timedelta(minutes=10)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert page.live


def test_each_transition_is_in_the_audit_log(client, people):
    page = draft_of(people)
    submit(client, people, page)
    client.force_login(people["office"])
    workflow_action(client, page, "reject", comment="Sửa lại.")
    submit(client, people, page)
    client.force_login(people["office2"])
    workflow_action(client, page, "approve")
    actions = list(
        PageLogEntry.objects.filter(page=page)
        .order_by("timestamp")
        .values_list("action", "user__username")
    )
    assert ("wagtail.workflow.start", "bientap.a") in actions
    assert ("wagtail.workflow.reject", "vanphong") in actions
    assert ("wagtail.workflow.approve", "vanphong2") in actions
    assert ("wagtail.publish", "vanphong2") in actions


def test_editor_cannot_write_for_another_unit(client, people):
    page = draft_of(people)
    client.force_login(people["editor_a"])
    response = edit(client, page, unit=people["unit_b"].pk)
    assert response.status_code == 200  # the form comes back with an error
    assert "unit" in response.context["form"].errors
    assert StoryPage.objects.get(pk=page.pk).unit == people["unit_a"]


def test_draft_and_in_review_content_is_never_visible_anonymously(client, people):
    draft = draft_of(people, "Nháp bí mật")
    in_review = draft_of(people, "Chờ duyệt bí mật")
    submit(client, people, in_review)
    client.logout()
    for page in (draft, in_review):
        assert client.get(f"/dien-hinh-tien-tien/{page.slug}/").status_code == 404
        assert client.get(f"/admin/pages/{page.pk}/view_draft/").status_code == 302  # to login
        assert client.get(f"/admin/pages/{page.pk}/edit/preview/").status_code == 302
    for url in [
        "/dien-hinh-tien-tien/",
        "/dien-hinh-tien-tien/?q=bi+mat",
        "/dien-hinh-tien-tien/feed/atom/",
        "/dien-hinh-tien-tien/feed/json/",
        "/sitemap.xml",
    ]:
        html = client.get(url).content.decode()
        assert "bí mật" not in html, url  # the titles
        # The sitemap holds only URLs: neither story's slug is anywhere.
        assert draft.slug not in html and in_review.slug not in html, url


# --- The permission matrix -------------------------------------------------------------------

ROLES = ["anonymous", "editor_a", "editor_b", "office", "admin"]


def _story_in_review(client, people):
    page = draft_of(people, "Bài trong ma trận")
    submit(client, people, page)
    return Page.objects.get(pk=page.pk).specific


def _live_story(people):
    return make_story("Bài đã đăng", unit=people["unit_a"], published_at=vn_time(2026, 1, 5, 8, 0))


def _allowed(response):
    return response.status_code == 200


def act(client, people, role, action):
    """Perform `action` as `role`; return True if it was allowed and took effect."""
    if action in ("approve", "request_changes"):
        page = _story_in_review(client, people)
    elif action == "unpublish":
        page = _live_story(people)
    else:
        page = draft_of(people, f"Bài {action}")
        page.save_revision(user=people["editor_a"])
    client.logout()
    if role != "anonymous":
        client.force_login(people[role])
    pk = page.pk
    if action == "view_draft":
        return _allowed(client.get(f"/admin/pages/{pk}/view_draft/"))
    if action == "preview":
        return _allowed(client.get(f"/admin/pages/{pk}/edit/preview/"))
    if action == "edit":
        edit(client, page, summary="Đã sửa.")
        return StoryPage.objects.get(pk=pk).get_latest_revision().as_object().summary == "Đã sửa."
    if action == "submit":
        edit(client, page, action="submit")
        return WorkflowState.objects.filter(object_id=str(pk), status="in_progress").exists()
    if action == "approve":
        workflow_action(client, page, "approve")
        return StoryPage.objects.get(pk=pk).live
    if action == "request_changes":
        workflow_action(client, page, "reject", comment="Sửa.")
        return TaskState.objects.filter(
            workflow_state__object_id=str(pk), status="rejected"
        ).exists()
    if action == "publish":
        edit(client, page, action="publish")
        return StoryPage.objects.get(pk=pk).live
    if action == "unpublish":
        client.post(f"/admin/pages/{pk}/unpublish/")
        return not StoryPage.objects.get(pk=pk).live
    if action == "delete":
        client.post(f"/admin/pages/{pk}/delete/")
        return not StoryPage.objects.filter(pk=pk).exists()
    if action == "compare":
        revision = page.get_latest_revision()
        return _allowed(
            client.get(f"/admin/pages/{pk}/revisions/compare/earliest...{revision.pk}/")
        )
    if action == "history":
        return _allowed(client.get(f"/admin/pages/{pk}/history/"))
    raise AssertionError(action)


# Who may do what to a story of unit A (Kế Sách). Editors write and submit for their own unit
# (and may delete its never-published drafts); the Office reviews, publishes, unpublishes and
# deletes any unit's stories; nobody approves their own work (tested above), and nobody publishes
# a story that no other Office member approved (four-eyes: tests/exemplar_stories/access/
# test_four_eyes.py), superusers included.
EXPECTED = {
    #                  anon   ed_A   ed_B   office admin
    "view_draft": (False, True, False, True, True),
    "preview": (False, True, False, True, True),
    "edit": (False, True, False, True, True),
    "submit": (False, True, False, True, True),
    "approve": (False, False, False, True, True),
    "request_changes": (False, False, False, True, True),
    "publish": (False, False, False, False, False),
    "unpublish": (False, False, False, True, True),
    "delete": (False, True, False, True, True),
    "compare": (False, True, False, True, True),
    "history": (False, True, False, True, True),
}


@pytest.mark.parametrize("action", list(EXPECTED))
def test_permission_matrix(client, people, action):
    got = tuple(act(client, people, role, action) for role in ROLES)
    assert got == EXPECTED[action], dict(zip(ROLES, got, strict=True))


def test_only_the_office_sets_the_quarter_a_story_counts_for(client, people):
    page = make_story("Bài tính quý", unit=people["unit_a"], published_at=vn_time(2026, 5, 2, 9, 0))
    client.force_login(people["editor_a"])
    assert (
        'name="quarter_number"' not in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    )
    edit(client, page, quarter_year=2026, quarter_number=1, quarter_is_manual="on")
    assert StoryPage.objects.get(pk=page.pk).get_latest_revision().as_object().quarter_number == 2
    client.force_login(people["office"])
    assert 'name="quarter_number"' in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    edit(client, page, action="submit", quarter_year=2026, quarter_number=1, quarter_is_manual="on")
    client.force_login(people["office2"])  # four-eyes: another Office member publishes it
    approve_until_live(client, page)
    page = StoryPage.objects.get(pk=page.pk)
    assert (page.quarter_year, page.quarter_number, page.quarter_is_manual) == (2026, 1, True)


def test_editors_can_choose_and_upload_images(client, people):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    get_image_model().objects.create(title="Ảnh hộ tịch Kế Sách", file=get_test_image_file())
    client.force_login(people["editor_a"])
    response = client.get("/admin/images/chooser/")
    html = response.json()["html"]
    assert "Ảnh hộ tịch Kế Sách" in html
    assert 'id="tab-upload"' in html or "tab-upload" in html


# --- "since it was last live" (mutation testing, issue #21) ------------------------------------


def live_story_the_office_edited_before(client, people):
    """Kế Sách's story: `office` edited the draft, `office2` approved it, it went live."""
    page = draft_of(people)
    client.force_login(people["office"])
    assert edit(client, page, summary="Văn phòng sửa bản nháp.").status_code == 302
    submit(client, people, page)
    approve(client, people["office2"], page)
    assert page.live
    return page


def test_an_edit_before_the_story_went_live_does_not_bar_the_reviewer_from_the_next_change(
    client, people
):
    page = live_story_the_office_edited_before(client, people)
    client.force_login(people["editor_a"])
    edit(client, page, summary="Bản cập nhật của Kế Sách.", action="submit")
    assert offered_workflow_actions(client, people["office"], page) == {"approve", "reject"}
    approve(client, people["office"], page)
    assert page.live and page.summary == "Bản cập nhật của Kế Sách."


def test_after_a_withdrawal_only_edits_since_the_last_publication_bar_a_reviewer(client, people):
    page = live_story_the_office_edited_before(client, people)
    client.force_login(people["editor_a"])
    edit(client, page, summary="Bản cập nhật.", action="submit")
    approve(client, people["office2"], page)  # the update goes live
    client.force_login(people["office2"])
    assert client.post(f"/admin/pages/{page.pk}/unpublish/").status_code == 302
    page.refresh_from_db()
    assert not page.live
    client.force_login(people["editor_a"])
    edit(client, page, summary="Đăng lại sau khi sửa.", action="submit")
    # office edited only before the story was live: they may approve its return.
    assert offered_workflow_actions(client, people["office"], page) == {"approve", "reject"}
    approve(client, people["office"], page)
    assert page.live and page.summary == "Đăng lại sau khi sửa."


def test_a_reviewer_who_edited_since_the_withdrawal_may_not_approve_its_return(client, people):
    page = live_story_the_office_edited_before(client, people)
    client.force_login(people["office2"])
    client.post(f"/admin/pages/{page.pk}/unpublish/")
    edit(client, page, summary="Văn phòng sửa sau khi gỡ.")
    submit(client, people, page)
    assert offered_workflow_actions(client, people["office2"], page) == {"reject"}
    assert refused_by_four_eyes(client, workflow_action(client, page, "approve"))
    page.refresh_from_db()
    assert not page.live


def test_the_new_task_chooser_explains_the_office_review_in_vietnamese(client, people):
    client.force_login(people["admin"])
    html = client.get("/admin/workflows/tasks/select_type/").content.decode()
    assert "không ai được duyệt bài do chính mình gửi duyệt hoặc đã sửa" in html


def test_the_office_reviews_and_approves_an_edit_of_the_index_page_too(client, people):
    """The workflow covers the index and everything under it: a change to the index page's
    introduction goes to the Office like a story, and a second member approves it (the consent
    rule is for stories only)."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    index = make_index()
    client.force_login(people["office"])
    data = nested_form_data(
        {
            "title": index.title,
            "slug": index.slug,
            "intro": "Những tấm gương bình dị mà cao quý.",
            "comments": inline_formset([]),
            "action-submit": "submit",
        }
    )
    response = client.post(f"/admin/pages/{index.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    index.refresh_from_db()
    assert index.workflow_in_progress
    assert "approve" not in offered_workflow_actions(client, people["office"], index)

    assert "approve" in offered_workflow_actions(client, people["office2"], index)
    approve(client, people["office2"], index)
    assert not index.workflow_in_progress
    assert index.specific.intro == "Những tấm gương bình dị mà cao quý."
    assert client.get("/dien-hinh-tien-tien/").status_code == 200
