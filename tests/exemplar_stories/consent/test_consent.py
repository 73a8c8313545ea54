"""Consent of the people in the stories (issue #17): the Office cannot approve without it, each
scope does what it says, a withdrawal is one action that takes the story (or its photos) off
everywhere, and the evidence file is never public."""

import datetime
import os

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageLogEntry, Revision

from exemplar_stories.access.consent import missing_scopes
from exemplar_stories.access.stories import may_go_live
from exemplar_stories.models import ConsentWithdrawal, StoryConsent, StoryPage
from exemplar_stories.public import page_cache

from ..support.admin_flow import (
    approve,
    create_story_via_admin,
    offered_workflow_actions,
    submit_for_review,
)
from ..support.factories import give_full_consent, make_index, make_story, make_unit
from ..support.receiver import validate_payload
from ..support.workflow_helpers import current_task_state, make_user

pytestmark = pytest.mark.django_db

INDEX_URL = "/dien-hinh-tien-tien/"
PDF = b"%PDF-1.4\n% consent form of Nguyen Van A\n%%EOF\n"


@pytest.fixture
def people(db):
    make_index()
    ke_sach = make_unit()
    thanh_tra = make_unit("Thanh tra Sở")
    return {
        "editor": make_user("bientap.a", group="EDITOR_GROUP", unit=ke_sach),
        "other_editor": make_user("bientap.b", group="EDITOR_GROUP", unit=thanh_tra),
        "office": make_user("vanphong", group="REVIEWER_GROUP"),
        "office2": make_user("vanphong2", group="REVIEWER_GROUP"),
    }


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def consent_url(story):
    return f"/admin/consent/story/{story.pk}/"


def record_consent(client, user, story, *, expect=302, **fields):
    client.force_login(user)
    data = {
        "given_by": "Nguyễn Văn A",
        "given_by_position": "",
        "given_on": "2026-01-05",
        "method": "signed_form",
        **fields,
    }
    for scope in ("portal", "home_affairs", "photos"):
        if data.get(scope) is False:
            data.pop(scope)
    response = client.post(consent_url(story), data)
    assert response.status_code == expect, response.content.decode()[:2000]
    return response


def withdraw(client, user, story, scope, reason="Bà ấy đề nghị gỡ bài."):
    client.force_login(user)
    response = client.post(consent_url(story) + "withdraw/", {"scope": scope, "reason": reason})
    assert response.status_code == 302
    return response


def refused(response):
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and a
    "no permission" message (a 403 for a JSON request)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def refused_for_consent(client, response):
    """The review view sends the reviewer back with what the consent lacks (not a bare 403)."""
    if response.status_code != 302:
        return False
    text = client.get(response["Location"]).content.decode()
    return "Chưa thể duyệt bài" in text and "sự đồng ý của người trong bài chưa bao gồm" in text


def written_and_submitted(client, people, **fields):
    _response, story = create_story_via_admin(client, people["editor"], **fields)
    submit_for_review(client, people["editor"], story)
    return story


# --- the workflow checks it -----------------------------------------------------------------


@pytest.mark.without_consent
def test_the_office_cannot_approve_a_story_without_consent(client, people):
    story = written_and_submitted(client, people)
    assert "approve" not in offered_workflow_actions(client, people["office"], story)
    assert refused_for_consent(client, approve(client, people["office"], story, expect_ok=False))
    assert not StoryPage.objects.get(pk=story.pk).live
    assert current_task_state(story) is not None  # still waiting for the Office

    record_consent(client, people["editor"], story, portal="on")
    assert "approve" in offered_workflow_actions(client, people["office"], story)
    approve(client, people["office"], story)
    assert StoryPage.objects.get(pk=story.pk).live


@pytest.mark.without_consent
def test_publishing_outside_the_workflow_also_needs_consent(people):
    story = make_story(live=False)
    revision = story.get_latest_revision()
    assert not may_go_live(story, revision, people["office"])
    from django.core.exceptions import PermissionDenied

    # The reason given is the consent, not the review (publish_scheduled logs it).
    with pytest.raises(PermissionDenied, match="Sự đồng ý của người được nêu trong bài"):
        revision.publish(user=people["office"])  # e.g. publish_scheduled, code


@pytest.mark.without_consent
def test_a_publish_by_code_reads_the_consent_against_the_revision_not_the_live_story(
    client, people
):
    """A live story without a photo, a consent without the photo scope, a draft that adds a
    portrait, published by code: refused, and the reason given is the photo's consent (what
    the draft needs), not the missing review."""
    from django.core.exceptions import PermissionDenied

    story = make_story(live=True)
    record_consent(client, people["editor"], story, portal="on")
    story.hero_image = get_image_model().objects.create(
        title="Chân dung", file=get_test_image_file()
    )
    story.hero_image_alt = "Chân dung ông A"
    draft = story.save_revision()
    assert not StoryPage.objects.get(pk=story.pk).hero_image_id  # live: no photo
    # Read back as publish_scheduled reads it: its page is the one in the database.
    draft = Revision.objects.get(pk=draft.pk)
    with pytest.raises(PermissionDenied, match="Sự đồng ý của người được nêu trong bài"):
        draft.publish(user=people["office"])
    assert not StoryPage.objects.get(pk=story.pk).hero_image_id


@pytest.mark.without_consent
def test_the_editor_sees_what_consent_is_missing_in_the_edit_view(client, people):
    _response, story = create_story_via_admin(client, people["editor"])
    html = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert "data-consent-panel" in html
    assert html.count("<li>", html.index("data-consent-missing")) >= 1
    assert consent_url(story) in html
    record_consent(client, people["editor"], story, portal="on")
    html = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert "data-consent-missing" not in html


@pytest.mark.without_consent
def test_sending_to_so_noi_vu_needs_its_scope_when_syndication_is_on(client, people, receiver):
    story = written_and_submitted(client, people)
    record_consent(client, people["editor"], story, portal="on")
    assert [s.value for s in missing_scopes(story)] == ["home_affairs"]
    assert "approve" not in offered_workflow_actions(client, people["office"], story)
    record_consent(client, people["editor"], story, portal="on", home_affairs="on")
    approve(client, people["office"], story)
    assert StoryPage.objects.get(pk=story.pk).live


@pytest.mark.without_consent
def test_a_photo_of_the_subject_needs_the_photo_scope(client, people):
    from ..support.workflow_helpers import edit

    image = get_image_model().objects.create(title="Chân dung", file=get_test_image_file())
    _response, story = create_story_via_admin(client, people["editor"])
    photo = {"hero_image": image.pk, "hero_image_alt": "Chân dung bà A"}
    assert edit(client, story, action="submit", **photo).status_code == 302
    story = StoryPage.objects.get(pk=story.pk).specific
    assert story.workflow_in_progress
    record_consent(client, people["editor"], story, portal="on")
    assert [s.value for s in missing_scopes(story)] == ["photos"]
    assert refused_for_consent(client, approve(client, people["office"], story, expect_ok=False))
    record_consent(client, people["editor"], story, portal="on", photos="on")
    approve(client, people["office"], story)
    assert StoryPage.objects.get(pk=story.pk).live


@pytest.mark.without_consent
def test_the_review_task_itself_asks_the_consent_of_the_revision_under_review(client, people):
    """The task's own answer, not only the publish behind it: Wagtail hands `on_action` the base
    Page, and the revision under review (not the live story) is what the consent must cover. A
    live story without a photo, consent without the photo scope, a draft adding a portrait:
    the task refuses the approval."""
    from wagtail.models import Page

    from ..support.workflow_helpers import edit

    story = written_and_submitted(client, people)
    task = current_task_state(story).task.specific
    assert not task.user_may_approve(Page.objects.get(pk=story.pk), people["office"])
    record_consent(client, people["editor"], story, portal="on")
    assert task.user_may_approve(Page.objects.get(pk=story.pk), people["office"])
    approve(client, people["office"], story)
    assert StoryPage.objects.get(pk=story.pk).live

    image = get_image_model().objects.create(title="Chân dung", file=get_test_image_file())
    client.force_login(people["editor"])
    photo = {"hero_image": image.pk, "hero_image_alt": "Chân dung ông A"}
    assert edit(client, story, action="submit", **photo).status_code == 302
    base = Page.objects.get(pk=story.pk)
    assert not base.specific.hero_image_id  # the live story shows no photo
    task = current_task_state(story).task.specific
    assert not task.user_may_approve(base, people["office"])


@pytest.mark.without_consent
def test_bad_consent_input_is_a_form_error_in_vietnamese(client, people):
    story = make_story(live=False)
    response = record_consent(client, people["editor"], story, expect=400, given_on="2999-01-01")
    assert "không thể ở tương lai" in response.content.decode()
    exe = SimpleUploadedFile("mau.exe", b"MZ...", content_type="application/octet-stream")
    response = record_consent(
        client, people["editor"], story, expect=400, evidence=exe, portal="on"
    )
    assert "PDF, JPEG hoặc PNG" in response.content.decode()
    response = record_consent(client, people["editor"], story, expect=400)  # no scope ticked
    assert "ít nhất một" in response.content.decode()
    assert not StoryConsent.objects.filter(story=story).exists()


def test_another_units_editor_cannot_record_or_see_a_consent(client, people):
    story = make_story()
    client.force_login(people["other_editor"])
    assert refused(client.get(consent_url(story)))
    assert refused(client.post(consent_url(story) + "withdraw/", {"scope": "all", "reason": "x"}))
    client.force_login(people["editor"])  # the unit's editor records, but never withdraws
    assert client.get(consent_url(story)).status_code == 200
    assert refused(client.post(consent_url(story) + "withdraw/", {"scope": "all", "reason": "x"}))
    assert StoryPage.objects.get(pk=story.pk).live


# --- withdrawal ---------------------------------------------------------------------------


@pytest.fixture
def page_cache_on(settings):
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "PAGE_CACHE_SECONDS": 60}
    cache.clear()
    yield
    cache.clear()


def public_views(client, story):
    """What a citizen gets: the page, the listing, search, feeds, sitemap."""
    return {
        "page": client.get(f"{INDEX_URL}{story.slug}/"),
        "index": client.get(INDEX_URL),
        "search": client.get(INDEX_URL + "?q=guong+sang+rut"),
        "atom": client.get(INDEX_URL + "feed/atom/"),
        "rss": client.get(INDEX_URL + "feed/rss/"),
        "json": client.get(INDEX_URL + "feed/json/"),
        "sitemap": client.get("/sitemap.xml"),
    }


def test_a_withdrawal_takes_the_story_off_everywhere_and_sends_one_withdrawal(
    client, people, receiver, page_cache_on, on_commit
):
    image = get_image_model().objects.create(title="Chân dung", file=get_test_image_file())
    story = on_commit(
        make_story, "Gương sáng rút lại", hero_image=image, hero_image_alt="Chân dung bà A"
    )
    citizen = type(client)()
    before = public_views(citizen, story)
    assert before["page"].status_code == 200
    for name, response in before.items():
        assert story.slug in response.content.decode(), name
    assert citizen.get(f"{INDEX_URL}{story.slug}/")[page_cache.STATUS_HEADER] == "hit"
    assert image.renditions.exists()
    assert receiver.events == ["story.published"]

    on_commit(withdraw, client, people["office"], story, "all", reason="Ông A đề nghị gỡ bài.")

    after = public_views(citizen, story)
    assert after["page"].status_code == 404
    for name, response in after.items():
        # The 404 page prints the address asked for (print provenance): the story itself is gone.
        gone = story.title if name == "page" else story.slug
        assert gone not in response.content.decode(), name
        assert response.get(page_cache.STATUS_HEADER) != "hit", name
    assert not StoryPage.objects.get(pk=story.pk).live
    assert not image.renditions.exists()
    assert not get_image_model().objects.filter(pk=image.pk).exists()  # used nowhere else
    withdrawals = [r for r in receiver.received if r["payload"]["event"] == "story.withdrawn"]
    assert len(withdrawals) == 1 and withdrawals[0]["verified"] is True
    validate_payload(withdrawals[0]["payload"])
    assert withdrawals[0]["payload"]["id"] == f"urn:uuid:{story.syndication_uuid}"
    entry = ConsentWithdrawal.objects.get(consent__story=story)
    assert (entry.scope, entry.reason, entry.withdrawn_by) == (
        "all",
        "Ông A đề nghị gỡ bài.",
        people["office"],
    )
    assert PageLogEntry.objects.filter(
        page=story, action="exemplar_stories.consent_withdrawn", user=people["office"]
    ).exists()
    # Withdrawn twice: still one story.withdrawn.
    on_commit(withdraw, client, people["office"], story, "portal")
    assert receiver.events == ["story.published", "story.withdrawn"]


def test_withdrawing_the_photo_scope_drops_the_photo_and_keeps_the_story(
    client, people, receiver, page_cache_on, on_commit
):
    image = get_image_model().objects.create(title="Chân dung", file=get_test_image_file())
    story = on_commit(
        make_story, "Gương sáng ảnh", hero_image=image, hero_image_alt="Chân dung bà A"
    )
    original = image.file.path
    citizen = type(client)()
    assert "Chân dung bà A" in citizen.get(story.url).content.decode()
    on_commit(withdraw, client, people["office"], story, "photos")
    story = StoryPage.objects.get(pk=story.pk)
    response = citizen.get(story.url)
    assert response.status_code == 200 and response.get(page_cache.STATUS_HEADER) != "hit"
    assert "Chân dung bà A" not in response.content.decode()
    assert story.live and story.hero_image_id is None
    assert not image.renditions.exists()
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    assert not os.path.exists(original)
    assert receiver.events == ["story.published", "story.updated"]
    assert receiver.received[-1]["payload"]["images"] == []


def test_withdrawing_the_so_noi_vu_scope_withdraws_it_there_only(
    client, people, receiver, on_commit
):
    story = on_commit(make_story, "Gương sáng Sở Nội vụ")
    on_commit(withdraw, client, people["office"], story, "home_affairs")
    assert receiver.events == ["story.published", "story.withdrawn"]
    assert client.get(story.url).status_code == 200
    # Republished later (code, as if reviewed): nothing more goes to Sở Nội vụ.
    story = StoryPage.objects.get(pk=story.pk).specific
    on_commit(lambda: story.save_revision().publish(skip_permission_checks=True))
    assert receiver.events == ["story.published", "story.withdrawn"]


def test_reinstating_needs_a_new_consent_and_a_new_review(client, people, on_commit):
    story = written_and_submitted(client, people)
    approve(client, people["office"], story)
    old_revision = StoryPage.objects.get(pk=story.pk).live_revision
    assert may_go_live(story, old_revision)
    on_commit(withdraw, client, people["office2"], story, "all")
    story = StoryPage.objects.get(pk=story.pk).specific
    assert not story.live
    record_consent(client, people["editor"], story, portal="on", home_affairs="on", photos="on")
    # The old approval does not count any more: the Office is not offered Publish.
    assert not may_go_live(story, old_revision, people["office"])
    submit_for_review(client, people["editor"], story)
    approve(client, people["office"], story)
    assert StoryPage.objects.get(pk=story.pk).live


def test_a_withdrawal_in_the_same_second_as_the_approval_voids_it(client, people, on_commit):
    """A withdrawal recorded at the very moment of the approval wins: the old approval does not
    count once a new consent is recorded."""
    from freezegun import freeze_time

    story = written_and_submitted(client, people)
    with freeze_time("2026-06-01 08:00:00"):
        approve(client, people["office"], story)
        old_revision = StoryPage.objects.get(pk=story.pk).live_revision
        on_commit(withdraw, client, people["office2"], story, "all")
    assert old_revision is not None
    record_consent(client, people["editor"], story, portal="on", home_affairs="on", photos="on")
    assert not may_go_live(story, old_revision, people["office"])


def test_a_new_review_of_the_same_revision_counts_after_a_withdrawal(client, people, on_commit):
    """Reinstated without a change: the workflow is started again on the revision that was
    live, the Office approves it again, and that new approval (not the voided one) puts the
    story back."""
    story = written_and_submitted(client, people)
    approve(client, people["office"], story)
    on_commit(withdraw, client, people["office2"], story, "all")
    record_consent(client, people["editor"], story, portal="on", home_affairs="on", photos="on")
    story = StoryPage.objects.get(pk=story.pk).specific
    revision = story.get_latest_revision()
    story.get_workflow().start(story, people["editor"])
    assert current_task_state(story).revision_id == revision.pk
    approve(client, people["office2"], story)
    story = StoryPage.objects.get(pk=story.pk)
    assert story.live and story.live_revision_id == revision.pk


# --- the evidence is a private document ---------------------------------------------------


@pytest.fixture
def evidence(client, people, settings, tmp_path):
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "CONSENT_EVIDENCE_ROOT": str(tmp_path / "private"),
    }
    story = make_story()
    upload = SimpleUploadedFile("phieu-dong-y.pdf", PDF, content_type="application/pdf")
    record_consent(client, people["editor"], story, portal="on", evidence=upload)
    consent = StoryConsent.objects.filter(story=story).first()
    assert consent.evidence
    return consent


def test_the_evidence_is_served_to_the_office_and_the_units_editors_only(
    client, people, evidence, settings
):
    url = f"/admin/consent/evidence/{evidence.pk}/"
    for user in (people["editor"], people["office"]):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert "no-store" in response["Cache-Control"]
    client.force_login(people["other_editor"])
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # Stored outside MEDIA_ROOT (which the web server serves), with no URL of its own.
    path = evidence.evidence.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        evidence.evidence.url  # noqa: B018


def test_the_evidence_is_under_no_url_wagtail_serves_documents_from(client, people, evidence):
    from wagtail.documents import get_document_model

    assert not get_document_model().objects.exists()  # not in Wagtail's documents at all
    name = evidence.evidence.name
    basename = name.rsplit("/", 1)[-1]
    urls = [
        f"/documents/{evidence.pk}/{basename}",
        f"/documents/{evidence.pk}/{basename}/",
        f"/documents/authenticate_with_password/{evidence.pk}/{evidence.story_id}/",
        f"/media/{name}",
        f"/media/documents/{basename}",
        f"/api/v2/documents/{evidence.pk}/",
    ]
    admin_urls = [
        f"/admin/documents/edit/{evidence.pk}/",
        f"/admin/documents/usage/{evidence.pk}/",
        f"/admin/documents/?q={basename}",
        f"/admin/documents/chooser/?q={basename}",
    ]
    client.logout()
    for url in urls:
        response = client.get(url)
        assert response.status_code in (403, 404), url
    for user in (people["other_editor"], people["editor"]):
        client.force_login(user)
        for url in urls + admin_urls:
            response = client.get(url)
            body = response.content if not response.streaming else b""
            assert response.status_code in (200, 403, 404), url
            # (a search box echoes the query, a printed 404 the address asked for: the stored
            # path is what must not appear otherwise)
            body = body.replace(url.split("?")[0].encode(), b"")
            assert PDF not in body and name.encode() not in body, url


def test_the_evidence_is_never_in_the_payload_feeds_or_export(
    client, people, evidence, receiver, on_commit
):
    story = StoryPage.objects.get(pk=evidence.story_id).specific
    on_commit(lambda: story.save_revision().publish(skip_permission_checks=True))
    basename = evidence.evidence.name.rsplit("/", 1)[-1]
    for record in receiver.received:
        assert basename not in str(record["payload"])
    for url in [INDEX_URL + "feed/atom/", INDEX_URL + "feed/json/", story.url]:
        assert basename not in client.get(url).content.decode()


def test_withdrawing_with_no_consent_in_force_says_so(client, people):
    story = make_story(live=False)
    StoryConsent.objects.filter(story=story).delete()
    response = withdraw(client, people["office"], story, "all")
    assert response.status_code == 302
    assert not ConsentWithdrawal.objects.exists()


def test_factories_give_every_new_story_a_full_consent(people):
    story = make_story()
    consent = StoryConsent.objects.get(story=story)
    assert {s.value for s in consent.effective_scopes()} == {"portal", "home_affairs", "photos"}
    assert give_full_consent(story).pk != consent.pk
    assert datetime.date(2020, 1, 1) == consent.given_on


def test_the_export_bundle_holds_only_stories_agreed_for_so_noi_vu(people, client, tmp_path):
    import io
    import json
    import zipfile

    from django.core.management import call_command

    from ..support.factories import vn_time

    agreed = make_story("Gương đồng ý", published_at=vn_time(2026, 2, 1))
    refused = make_story("Gương chỉ đăng Cổng", published_at=vn_time(2026, 2, 2))
    withdrawn = make_story("Gương rút Sở Nội vụ", published_at=vn_time(2026, 2, 3))
    give_full_consent(refused, home_affairs=False)
    withdraw(client, people["office"], withdrawn, "home_affairs")
    output = tmp_path / "bundle.zip"
    call_command(
        "export_stories", "--since", "2026-01-01", "--output", str(output), stdout=io.StringIO()
    )
    with zipfile.ZipFile(output) as bundle:
        index = json.loads(bundle.read("index.json"))
    ids = json.dumps(index)
    assert str(agreed.syndication_uuid) in ids
    assert str(refused.syndication_uuid) not in ids
    assert str(withdrawn.syndication_uuid) not in ids


def test_the_office_exports_everything_held_about_one_person(client, people, on_commit):
    from io import BytesIO

    from openpyxl import load_workbook

    from exemplar_stories.models import NomineeAward

    from ..support.registration_helpers import award, make_registration

    story = make_story("Gương bà Hồng", subject_name="Lâm Thị Hồng")
    other = make_story("Gương ông Tư", subject_name="Trần Văn Tư")
    registration = make_registration("Lâm Thị Hồng", year=2025, unit=make_unit())
    NomineeAward.objects.create(
        registration=registration,
        award=award("Chiến sĩ thi đua cơ sở"),
        year=2024,
        decision_number="12/QĐ-UBND",
    )
    withdraw(client, people["office"], story, "photos", reason="Không muốn dùng ảnh.")

    client.force_login(people["editor"])
    assert refused(client.get("/admin/consent/people/?q=lam+thi+hong"))
    client.force_login(people["office"])
    assert client.get("/admin/consent/people/?q=lam+thi+hong").status_code == 200
    response = client.get("/admin/consent/people/?q=LAM  thi hong&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    cells = {
        sheet.title: [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
        for sheet in workbook.worksheets
    }
    flat = repr(cells)
    assert "Gương bà Hồng" in flat and "12/QĐ-UBND" in flat and "Không muốn dùng ảnh." in flat
    assert "Trần Văn Tư" not in flat and other.title not in flat
    assert (
        sum(len(rows) for rows in cells.values()) >= 5
    )  # story, consent, withdrawal, registration, award


def test_deleting_the_story_deletes_its_evidence_file(evidence, on_commit):
    path = evidence.evidence.path
    assert os.path.exists(path)
    on_commit(StoryPage.objects.get(pk=evidence.story_id).delete)
    assert not StoryConsent.objects.filter(pk=evidence.pk).exists()
    assert not os.path.exists(path)


def test_a_withdrawn_photo_another_story_uses_stays_for_that_story(client, people, on_commit):
    image = get_image_model().objects.create(title="Ảnh chung", file=get_test_image_file())
    story = make_story("Gương sáng một", hero_image=image, hero_image_alt="Ảnh tập thể")
    other = make_story("Gương sáng hai", hero_image=image, hero_image_alt="Ảnh tập thể")
    client.get(story.url)
    on_commit(withdraw, client, people["office"], story, "photos")
    assert get_image_model().objects.filter(pk=image.pk).exists()
    assert StoryPage.objects.get(pk=other.pk).hero_image_id == image.pk
    assert "Ảnh tập thể" in client.get(other.url).content.decode()
