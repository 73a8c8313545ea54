"""Stories set up through the admin, as a browser posts the forms: add page, submit, review.

For the tests where the path matters (workflow, syndication from an approval, permissions):
every step goes through Wagtail's real views, so its permission checks, the page form's rules,
the workflow task and the signals all run as they do for a person at the screen. Each helper
asserts that the admin accepted the step (a redirect, not the form back with errors) unless told
`expect_ok=False`, and returns the response.
"""

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from .factories import KINDS, make_index
from .workflow_helpers import current_task_state, edit


def add_page_url(kind, index=None):
    index = index or make_index()
    return f"/admin/pages/add/exemplar_stories/{KINDS[kind]._meta.model_name}/{index.pk}/"


def add_form_data(*, unit, **fields):
    """The add page's form as a browser posts it (a multiple choice posts its key twice)."""
    publicity_forms = fields.pop("publicity_forms", ["portal"])
    data = nested_form_data(
        {
            "title": "Gương sáng",
            "slug": "",
            "subject_kind": "individual",
            "subject_name": "Nguyễn Văn A",
            "subject_position": "Công chức tư pháp",
            "unit": unit.pk if unit is not None else "",
            "summary": "Một câu chuyện ngắn.",
            "hero_image_alt": "",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
            "story_awards": inline_formset([]),
            "comments": inline_formset([]),
            **fields,
        }
    )
    data["publicity_forms"] = publicity_forms
    return data


def _accepted(response, what):
    form = response.context.get("form") if response.context else None
    errors = form.errors if form is not None else None
    assert response.status_code == 302, f"{what}: {response.status_code} {errors}"


def create_story_via_admin(client, user, kind="exemplar", *, action=None, unit=None, **fields):
    """Log in as `user` and post the add page; returns (response, the created page or None).

    `unit` defaults to the user's own unit, the one an editor's form offers; `action` is
    "submit" to submit for review in the same post (Wagtail's "Submit for moderation").
    """
    from exemplar_stories.access.roles import unit_of

    client.force_login(user)
    data = add_form_data(unit=unit if unit is not None else unit_of(user), **fields)
    if action:
        data[f"action-{action}"] = action
    before = set(Page.objects.values_list("pk", flat=True))
    response = client.post(add_page_url(kind), data)
    created = KINDS[kind].objects.exclude(pk__in=before).first()
    return response, created


def submit_for_review(client, user, page):
    """The author, on the edit page, presses "Submit for review"."""
    client.force_login(user)
    response = edit(client, page, action="submit")
    _accepted(response, "submit for review")
    page.refresh_from_db()
    assert page.workflow_in_progress, "the story is not in review"
    return response


def workflow_action_url(page, action):
    task_state = current_task_state(page)
    assert task_state is not None, "the story is not in review"
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"


def approve(client, user, page, *, expect_ok=True):
    """A reviewer presses "Approve and publish" in the action menu."""
    client.force_login(user)
    response = client.post(workflow_action_url(page, "approve"))
    if expect_ok:
        _accepted(response, "approve")
    page.refresh_from_db()
    return response


def request_changes(client, user, page, comment, *, expect_ok=True):
    """A reviewer presses "Request changes" and writes the comment in the modal."""
    client.force_login(user)
    response = client.post(workflow_action_url(page, "reject"), {"comment": comment})
    if expect_ok:
        _accepted(response, "request changes")
    page.refresh_from_db()
    return response


def offered_workflow_actions(client, user, page):
    """The workflow actions the edit page's action menu offers `user` (e.g. {"approve"})."""
    import re

    client.force_login(user)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    return set(re.findall(r'data-workflow-action-name="([^"]+)"', html))
