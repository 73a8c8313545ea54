"""The editorial path as editors and reviewers walk it (issue 15): drafts found again, slugs that
never block, one door to write, one list to review, one resubmit, messages that say what
happened. Through the real admin views."""

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from exemplar_stories.core.text import slugify_vi
from exemplar_stories.models import StoryPage

from ..support.factories import make_index, make_story, make_unit
from ..support.workflow_helpers import edit, make_user, workflow_action

pytestmark = pytest.mark.django_db

TITLE = "Cán bộ tư pháp xã Đại Hải tận tụy"


@pytest.fixture
def people():
    index = make_index()
    unit = make_unit("Phòng Tư pháp huyện Kế Sách")
    return {
        "index": index,
        "unit": unit,
        "editor": make_user("bientap.kesach", group="EDITOR_GROUP", unit=unit),
        "other_editor": make_user(
            "bientap.thanhtra", group="EDITOR_GROUP", unit=make_unit("Thanh tra Sở")
        ),
        "office": make_user("vanphong", group="REVIEWER_GROUP"),
        "office2": make_user("vanphong2", group="REVIEWER_GROUP"),
    }


def add_story(client, people, *, title=TITLE, slug=None, action=None):
    """Post the admin's add form as the browser does: its slug is filled from the title."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slugify_vi(title) if slug is None else slug,
            "subject_kind": "individual",
            "subject_name": "Nguyễn Thị Bé",
            "subject_position": "",
            "unit": people["unit"].pk,
            "summary": "Tóm tắt.",
            "hero_image_alt": "",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
            "story_awards": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    if action:
        data[f"action-{action}"] = action
    url = f"/admin/pages/add/exemplar_stories/exemplarpage/{people['index'].pk}/"
    return client.post(url, data)


def text_of(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    for tag in soup(["script", "style", "template"]):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


# --- finding 1: drafts never lost or blocking -------------------------------------------------


def test_starting_the_same_story_again_succeeds_with_a_free_address(client, people):
    client.force_login(people["editor"])
    assert add_story(client, people).status_code == 302  # e.g. autosave's hidden draft
    second = add_story(client, people)
    assert second.status_code == 302, text_of(second)[:600]
    slugs = sorted(StoryPage.objects.filter(title=TITLE).values_list("slug", flat=True))
    base = slugify_vi(TITLE)
    assert slugs == [base, f"{base}-2"]
    assert add_story(client, people).status_code == 302
    assert StoryPage.objects.filter(slug=f"{base}-3").exists()


def test_a_hand_typed_address_already_used_is_explained_in_plain_words(client, people):
    client.force_login(people["editor"])
    add_story(client, people, title="Bài thứ nhất", slug="dia-chi-rieng")
    response = add_story(client, people, title="Bài thứ hai", slug="dia-chi-rieng")
    assert response.status_code == 200
    text = text_of(response)
    assert "dia-chi-rieng" in text and "đã được dùng cho một bài khác" in text
    assert "Quảng bá" in text


@pytest.mark.parametrize("typed", ["ﬃ" * 255, "ǆ" * 255])
def test_a_typed_address_that_grows_when_transliterated_still_fits(client, people, typed):
    """Wagtail takes up to 255 characters; "ﬃ" or "ǆ" becomes two or three letters in ASCII.
    The address stored is cut to the field, not refused with "at most 255 (has 765)"."""
    client.force_login(people["editor"])
    response = add_story(client, people, title="Bài có địa chỉ dài", slug=typed)
    assert response.status_code == 302, response.context["form"].errors
    slug = StoryPage.objects.get(title="Bài có địa chỉ dài").slug
    assert len(slug) <= StoryPage._meta.get_field("slug").max_length
    assert slug.startswith(slugify_vi(typed)[:100]) and not slug.endswith("-")


def test_the_editors_drafts_are_on_their_dashboard_newest_first(client, people):
    client.force_login(people["editor"])
    add_story(client, people, title="Bản nháp cũ")
    add_story(client, people, title="Bản nháp mới")
    add_story(client, people, title="Bài đã gửi duyệt", action="submit")
    make_story("Bài của người khác", unit=people["unit"], live=False)  # owned by nobody here
    client.force_login(people["editor"])
    html = client.get("/admin/").content.decode()
    panel = BeautifulSoup(html, "html.parser").select_one("#my-drafts-section, [id^=my-drafts]")
    assert panel is not None, "no 'Bản nháp của tôi' panel"
    text = " ".join(panel.get_text(" ").split())
    assert "Bản nháp của tôi" in html
    assert text.index("Bản nháp mới") < text.index("Bản nháp cũ")
    assert "Bài đã gửi duyệt" not in text and "Bài của người khác" not in text
    old = StoryPage.objects.get(title="Bản nháp cũ")
    assert f"/admin/pages/{old.pk}/edit/" in str(panel)


# --- finding 5: one clear door to write; one review list for the Office -----------------------


def test_the_editors_dashboard_has_a_way_to_write_each_kind_of_story(client, people):
    client.force_login(people["editor"])
    response = client.get("/admin/")
    html = response.content.decode()
    assert "Viết bài mới" in html
    index = people["index"].pk
    for model in ("exemplarpage", "newmodelpage", "newfactorpage"):
        assert f"/admin/pages/add/exemplar_stories/{model}/{index}/" in html
    text = text_of(response)
    assert "ba tiêu chí" in text  # what an exemplar is
    assert "nhân rộng" in text  # what a new model is
    assert "mới xuất hiện" in text  # what a new factor is


def test_the_type_chooser_says_how_the_three_kinds_differ(client, people):
    client.force_login(people["editor"])
    text = text_of(client.get(f"/admin/pages/{people['index'].pk}/add_subpage/"))
    assert "ba tiêu chí" in text and "nhân rộng" in text and "mới xuất hiện" in text


def test_the_office_sees_each_waiting_story_once(client, people):
    client.force_login(people["editor"])
    add_story(client, people, title="Bài chờ duyệt duy nhất", action="submit")
    page = StoryPage.objects.get(title="Bài chờ duyệt duy nhất")
    client.get("/admin/")  # the editor reads the "submitted" message
    client.force_login(people["office"])
    html = client.get("/admin/").content.decode()
    assert html.count(f"/admin/pages/{page.pk}/edit/") == 1


# --- finding 4: one resubmit action, the comment at the top, messages that say what happened --


def submitted_story(client, people, title="Bài cần sửa"):
    client.force_login(people["editor"])
    add_story(client, people, title=title, action="submit")
    client.get("/admin/")
    return StoryPage.objects.get(title=title)


def review_in_edit_view(client, page, action, **extra):
    """The Office acts from the story's edit view, as the action menu posts it."""
    import json

    from ..support.workflow_helpers import story_form_data

    data = story_form_data(page)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = action
    data["workflow-action-extra-data"] = json.dumps(extra)
    return client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)


def menu_labels(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [" ".join(b.get_text(" ").split()) for b in soup.select("footer button, footer a")]


def test_the_first_submit_reads_naturally(client, people):
    client.force_login(people["editor"])
    response = client.get(f"/admin/pages/add/exemplar_stories/exemplarpage/{people['index'].pk}/")
    text = text_of(response)
    assert "Gửi Văn phòng Sở duyệt" in text
    assert "Gửi duyệt theo" not in text


def test_after_changes_are_requested_the_editor_has_one_way_forward(client, people):
    page = submitted_story(client, people)
    client.force_login(people["office"])
    response = review_in_edit_view(client, page, "reject", comment="Bổ sung số liệu năm 2026.")
    assert response.status_code == 200
    client.force_login(people["editor"])
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    labels = menu_labels(response)
    resubmits = [label for label in labels if "Văn phòng Sở" in label]
    assert resubmits == ["Gửi lại Văn phòng Sở duyệt"], labels
    text = text_of(response)
    assert "Hủy quy trình duyệt" not in text and "Khởi động lại" not in text
    # The Office's comment is at the top of the edit view, in a warning.
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    warning = soup.select_one(".messages .warning, .messages li.warning")
    assert warning is not None and "Bổ sung số liệu năm 2026." in warning.get_text()


def test_messages_say_what_the_review_did(client, people):
    page = submitted_story(client, people)
    client.force_login(people["office"])
    response = review_in_edit_view(client, page, "reject", comment="Thêm ảnh.")
    text = text_of(response)
    assert "Đã yêu cầu chỉnh sửa" in text and "bientap.kesach" in text
    assert "Đã cập nhật trang" not in text
    # Requesting changes from the edit view saved a revision of vanphong's, so under the
    # four-eyes rule a second Office member approves, through the review modal; the message is
    # what the edit view would add.
    client.force_login(people["editor"])
    page.refresh_from_db()
    assert edit(client, page, action="submit").status_code == 302
    client.force_login(people["office2"])
    shown = []
    for _ in range(2):  # an approval of an outdated revision asks again
        shown += messages_after(client, workflow_action(client, page, "approve"))
        page.refresh_from_db()
        if page.live:
            break
    assert page.live
    assert shown[-1] == f"Đã duyệt và đăng: bài “{page.title}” đã có trên Cổng.", shown


# Wagtail's review pop-up: the dashboard's buttons and the modal post to the workflow action view.
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def action_url(page, action):
    from ..support.workflow_helpers import current_task_state

    return f"/admin/pages/workflow/action/{page.pk}/{action}/{current_task_state(page).pk}/"


def messages_after(client, response):
    """The messages on the page the pop-up (or the plain post) leads back to."""
    import json

    if response.status_code == 200:  # the modal's JSON answer
        step = json.loads(response.content)
        assert step["step"] == "success", step
        next_url = step["redirect"]
    else:
        assert response.status_code == 302, response.status_code
        next_url = response["Location"]
    html = client.get(next_url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    return [" ".join(m.get_text(" ").split()) for m in soup.select(".messages li")]


def test_approving_from_the_review_pop_up_says_it_was_published(client, people):
    page = submitted_story(client, people, title="Bài duyệt từ cửa sổ")
    client.force_login(people["office"])
    url = action_url(page, "approve")
    # "Duyệt kèm ý kiến": the modal's form, then its answer.
    modal = client.get(url, **XHR)
    assert modal.status_code == 200 and '"step": "action"' in modal.content.decode()
    response = client.post(f"{url}?next=/admin/", {"comment": "Tốt."}, **XHR)
    page.refresh_from_db()
    assert page.live
    assert messages_after(client, response) == [
        "Đã duyệt và đăng: bài “Bài duyệt từ cửa sổ” đã có trên Cổng."
    ]


def test_the_dashboards_approve_button_says_it_was_published(client, people):
    page = submitted_story(client, people, title="Bài duyệt ngay")
    client.force_login(people["office"])
    response = client.post(f"{action_url(page, 'approve')}?next=/admin/")
    page.refresh_from_db()
    assert page.live
    assert messages_after(client, response) == [
        "Đã duyệt và đăng: bài “Bài duyệt ngay” đã có trên Cổng."
    ]


def test_requesting_changes_from_the_review_pop_up_says_it_went_back(client, people):
    page = submitted_story(client, people, title="Bài trả lại từ cửa sổ")
    client.force_login(people["office"])
    response = client.post(
        f"{action_url(page, 'reject')}?next=/admin/", {"comment": "Bổ sung ảnh."}, **XHR
    )
    page.refresh_from_db()
    assert not page.live
    assert messages_after(client, response) == [
        "Đã yêu cầu chỉnh sửa: bài “Bài trả lại từ cửa sổ” đã được trả lại cho bientap.kesach "
        "kèm ý kiến của bạn; bài chưa được đăng."
    ]


@pytest.mark.parametrize("headers", [{}, XHR], ids=["button", "pop-up"])
def test_the_review_pop_up_says_why_an_author_may_not_approve(client, people, headers):
    page = submitted_story(client, people, title="Bài Văn phòng đã sửa")
    client.force_login(people["office"])
    assert edit(client, page, summary="Văn phòng sửa tóm tắt.").status_code == 302
    client.get("/admin/")  # reads "updated"
    response = client.post(f"{action_url(page, 'approve')}?next=/admin/", **headers)
    page.refresh_from_db()
    assert not page.live
    [message] = messages_after(client, response)
    # (Wagtail adds a "go to the first error" button to error messages.)
    assert message.startswith(
        "Bạn không thể duyệt bài “Bài Văn phòng đã sửa”: bạn đã gửi duyệt hoặc đã sửa bài này "
        "kể từ lần đăng gần nhất. Một thành viên khác của Văn phòng Sở sẽ duyệt bài "
        "(nguyên tắc hai người)."
    )


# --- finding 3: names in Vietnamese order; the email says changes were requested -------------


def test_people_are_shown_family_name_first_everywhere(client, people):
    editor = people["editor"]
    editor.first_name, editor.last_name = "Văn Hùng", "Lâm"
    editor.save()
    assert editor.get_full_name() == "Lâm Văn Hùng"  # what Wagtail's screens show
    client.force_login(editor)
    assert "Lâm Văn Hùng" in client.get("/admin/").content.decode()  # the sidebar's account
    add_story(client, people, title="Bài của anh Hùng", action="submit")
    client.get("/admin/")
    client.force_login(people["office"])
    html = client.get("/admin/").content.decode()
    panel = BeautifulSoup(html, "html.parser").select_one("[id^=awaiting-office-review]")
    assert "Lâm Văn Hùng" in panel.get_text()


def test_the_request_changes_email_says_what_happened_and_greets_by_full_name(client, people):
    from django.core import mail

    editor = people["editor"]
    editor.first_name, editor.last_name = "Văn Hùng", "Lâm"
    editor.save()
    page = submitted_story(client, people)
    mail.outbox.clear()
    client.force_login(people["office"])
    workflow_action(client, page, "reject", comment="Bổ sung số liệu năm 2026.")
    [message] = [m for m in mail.outbox if editor.email in m.to]
    assert "Xin chào Lâm Văn Hùng," in message.body
    assert "yêu cầu chỉnh sửa" in message.subject.lower()
    assert "đã yêu cầu chỉnh sửa bài" in message.body
    assert "Bổ sung số liệu năm 2026." in message.body
    assert "từ chối" not in (message.subject + message.body).lower()
    html = message.alternatives[0][0] if message.alternatives else ""
    assert "từ chối" not in html.lower()


# --- finding 6: English and broken bits ---------------------------------------------------------


def test_the_help_menu_leads_to_a_vietnamese_guide(client, people):
    client.force_login(people["editor"])
    html = client.get("/admin/").content.decode()
    assert "/admin/huong-dan/" in html
    assert "Editor Guide" not in html and "What's new" not in html
    text = text_of(client.get("/admin/huong-dan/"))
    assert "Gửi lại Văn phòng Sở duyệt" in text and "Bản nháp của tôi" in text


@pytest.mark.parametrize("role", ["editor", "office"])
def test_the_account_box_leads_to_the_vietnamese_guide_not_wagtails_english_one(
    client, people, role
):
    client.force_login(people[role])
    soup = BeautifulSoup(client.get("/admin/").content.decode(), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert not [h for h in hrefs if "guide.wagtail.org" in h], hrefs
    guide_links = soup.find_all("a", href="/admin/huong-dan/")
    assert any(
        " ".join(a.get_text(" ").split()) == "Hướng dẫn cho biên tập viên và Văn phòng Sở"
        for a in guide_links
    )


def test_the_duty_export_sheet_has_a_vietnamese_name(client, people):
    import io

    from openpyxl import load_workbook

    client.force_login(people["office"])
    response = client.get("/admin/exemplar-reports/quarterly-duty/?export=xlsx")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert load_workbook(io.BytesIO(content)).sheetnames == ["Nhiệm vụ hằng quý"]


def test_labels_read_as_meant(client, people):
    from django.utils.translation import gettext, override, pgettext

    from exemplar_stories.yearly_review import charts

    with override("vi"):
        assert pgettext("field of work", "Field") == "Lĩnh vực"
        # The menu labels (the sidebar is drawn from JSON, with its letters escaped).
        assert gettext("Registrations") == "Đăng ký thi đua"
        assert gettext("Syndication log") == "Lượt gửi tin bài"
    series = [("Gương điển hình tiên tiến", [1]), ("Mô hình mới", [2]), ("Nhân tố mới", [3])]
    svg = str(charts.grouped_bar_chart(title="t", categories=["2026"], series=series))
    import re

    width = int(re.search(r'viewBox="0 0 (\d+)', svg).group(1))
    last_label_x = float(re.findall(r'<text x="([\d.]+)" y="24"', svg)[-1])
    assert last_label_x + 7.5 * len("Nhân tố mới") <= width
