"""After a merger or a rename, the successor unit holds what its former units wrote: its editors
reach their stories, consents and registrations on every path, the merger moves the former
units' editors to it, and nobody else gains anything (issue #20)."""

import pytest

from exemplar_stories.access import consent, registrations, stories
from exemplar_stories.models import Registration, StoryPage, Unit, UnitMembership

from ..support.factories import make_story, make_unit, vn_time
from ..support.registration_helpers import LIST_URL, make_editor, make_office, make_registration
from ..support.workflow_helpers import edit

pytestmark = pytest.mark.django_db

CHANGE_URL = "/admin/exemplar-units/change/"
KE_SACH = "Phòng Tư pháp huyện Kế Sách"
MY_TU = "Phòng Tư pháp huyện Mỹ Tú"
COMMUNES = "Công chức Tư pháp – Hộ tịch các xã khu vực Kế Sách, Mỹ Tú"


def change(client, *units, kind="merged_into", new_names=COMMUNES, effective_date="2025-07-01"):
    return client.post(
        CHANGE_URL,
        {
            "units": [str(unit.pk) for unit in units],
            "kind": kind,
            "successor": "",
            "new_names": new_names,
            "effective_date": effective_date,
            "decision_number": "202/2025/QH15",
            "decision_date": "2025-06-12",
            "issued_by": "Quốc hội",
        },
        follow=True,
    )


@pytest.fixture
def merged(client):
    """Kế Sách and Mỹ Tú, each with a 2024 story, a draft and a registration, merged through
    the Office's screen; an editor of each former unit, and one of an unrelated unit."""
    ke_sach, my_tu, inspectorate = make_unit(KE_SACH), make_unit(MY_TU), make_unit("Thanh tra Sở")
    old = make_story("Chị Hồng ở Đại Hải", unit=ke_sach, published_at=vn_time(2024, 5, 2))
    draft = make_story("Bản nháp của Mỹ Tú", unit=my_tu, live=False)
    registration = make_registration("Lâm Thị Hồng", unit=ke_sach, year=2024)
    editors = {
        "ke_sach": make_editor("bientap.kesach", unit=ke_sach),
        "my_tu": make_editor("bientap.mytu", unit=my_tu),
        "thanhtra": make_editor("bientap.thanhtra", unit=inspectorate),
    }
    client.force_login(make_office())
    response = change(client, ke_sach, my_tu)
    client.logout()
    successor = Unit.objects.get(name=COMMUNES)
    return {
        "response": response,
        "successor": successor,
        "former": (ke_sach, my_tu),
        "old": old,
        "draft": draft,
        "registration": registration,
        "editors": editors,
    }


def test_a_merger_moves_the_former_units_editors_to_the_successor_and_says_so(merged):
    successor = merged["successor"]
    moved = UnitMembership.objects.filter(unit=successor).values_list("user__username", flat=True)
    assert sorted(moved) == ["bientap.kesach", "bientap.mytu"]
    assert UnitMembership.objects.get(user=merged["editors"]["thanhtra"]).unit.name == (
        "Thanh tra Sở"
    )
    text = merged["response"].content.decode()
    assert "2 tài khoản của các đơn vị cũ nay thuộc" in text


def test_the_successors_editor_reaches_the_former_units_stories_on_every_path(client, merged):
    editor = merged["editors"]["my_tu"]  # now of the successor; the 2024 story was Kế Sách's
    old, draft = merged["old"], merged["draft"]
    client.force_login(editor)
    index = old.get_parent()
    assert client.get(f"/admin/pages/{old.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{draft.pk}/edit/").status_code == 200
    for url in (
        f"/admin/pages/{index.pk}/",
        "/admin/pages/search/?q=nháp",
        "/admin/choose-page/search/?q=nháp",
        "/admin/api/main/pages/?search=nháp",
    ):
        assert draft.title in client.get(url).content.decode(), url
    editor = type(editor).objects.get(pk=editor.pk)  # as the next request reads it
    assert stories.user_may_act_on(editor, old)


def test_editing_an_inherited_story_keeps_the_unit_it_was_written_for(client, merged):
    client.force_login(merged["editors"]["ke_sach"])
    draft = merged["draft"]
    response = edit(client, draft, title="Bản nháp của Mỹ Tú, sửa lại")
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = StoryPage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    assert (draft.title, draft.unit_id) == ("Bản nháp của Mỹ Tú, sửa lại", merged["former"][1].pk)


def test_a_forged_post_cannot_move_an_inherited_story_to_an_unrelated_unit(client, merged):
    client.force_login(merged["editors"]["ke_sach"])
    inspectorate = Unit.objects.get(name="Thanh tra Sở")
    response = edit(client, merged["draft"], unit=inspectorate.pk)
    assert response.status_code == 200
    assert StoryPage.objects.get(pk=merged["draft"].pk).unit_id == merged["former"][1].pk


def test_a_new_story_is_written_for_the_current_unit_only(client, merged):
    client.force_login(merged["editors"]["ke_sach"])
    index = merged["old"].get_parent()
    response = client.get(f"/admin/pages/add/exemplar_stories/exemplarpage/{index.pk}/")
    form = response.context["form"]
    assert list(form.fields["unit"].queryset) == [merged["successor"]]


def test_another_units_editor_gains_nothing_from_the_merger(client, merged):
    editor = merged["editors"]["thanhtra"]
    client.force_login(editor)
    assert client.get(f"/admin/pages/{merged['draft'].pk}/edit/").status_code in (302, 403)
    assert merged["draft"].title not in client.get("/admin/pages/search/?q=nháp").content.decode()
    assert "Lâm Thị Hồng" not in client.get(LIST_URL).content.decode()
    assert not consent.may_record_consent(editor, merged["old"])


def test_the_successors_editor_sees_and_may_correct_the_former_units_registrations(client, merged):
    editor = merged["editors"]["ke_sach"]
    client.force_login(editor)
    editor = type(editor).objects.get(pk=editor.pk)
    assert "Lâm Thị Hồng" in client.get(LIST_URL).content.decode()
    assert registrations.can_change(editor, merged["registration"])
    assert consent.may_record_consent(editor, merged["old"])


def test_an_editor_of_a_newcomer_unit_sees_its_predecessors_at_once(merged):
    """Scope follows the recorded history, not the membership's date: an editor attached to the
    successor after the merger sees the former units' stories too."""
    late = make_editor("bientap.moi", unit=merged["successor"])
    assert stories.user_may_act_on(late, merged["old"])
    assert stories.user_may_act_on(late, merged["draft"])


def test_a_split_leaves_the_editors_on_the_former_unit_and_tells_the_office(client):
    unit = make_unit(KE_SACH)
    make_editor("bientap.kesach", unit=unit)
    client.force_login(make_office())
    response = change(
        client,
        unit,
        kind="split_into",
        new_names="Xã Kế Sách\nXã Đại Hải",
        effective_date="2026-01-01",
    )
    assert UnitMembership.objects.get(user__username="bientap.kesach").unit_id == unit.pk
    text = response.content.decode()
    assert "1 tài khoản vẫn thuộc đơn vị cũ" in text


HEADINGS = ["Year", "Unit", "Name of the nominee", "Kind", "Emulation title registered", "Status"]


def test_a_registration_for_a_year_after_its_unit_ended_names_the_successor(client, merged):
    """The successor's editor may correct the former unit's records, but a 2026 nominee is the
    successor's: the import and the form (the Office's too) say which unit to write."""
    from ..support.registration_helpers import CREATE_URL, IMPORT_URL, form_data, xlsx_file

    client.force_login(merged["editors"]["ke_sach"])
    upload = xlsx_file([HEADINGS, [2026, KE_SACH, "Danh Sóc", "", "", ""]])
    response = client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 200
    [error] = response.context["row_errors"]
    assert f"“{KE_SACH}” không còn tồn tại trong năm 2026: hãy đăng ký cho {COMMUNES}" in error
    client.force_login(make_office("vanphong.b"))
    response = client.post(CREATE_URL, form_data(merged["former"][0], nominee_name="Danh Sóc"))
    assert response.status_code == 200
    assert "không còn tồn tại trong năm 2026" in response.content.decode()
    assert not Registration.objects.filter(nominee_name="Danh Sóc").exists()


def test_the_export_names_a_former_unit_with_its_successor_and_reads_it_back(client, merged):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ..support.registration_helpers import IMPORT_URL

    client.force_login(make_office("vanphong.b"))
    response = client.get(f"{LIST_URL}?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert f"{KE_SACH} (nay là {COMMUNES})" in text
    before = list(Registration.objects.values_list("year", "unit_id", "nominee_name"))
    upload = SimpleUploadedFile("export.csv", text.encode("utf-8-sig"))
    assert client.post(IMPORT_URL, {"file": upload}).status_code == 302
    assert list(Registration.objects.values_list("year", "unit_id", "nominee_name")) == before


def test_the_office_writes_new_stories_for_todays_units_and_keeps_an_old_storys_unit(
    client, merged
):
    """After the merger the Office's new story cannot be for a former unit (a forged POST is a
    form error), while a story of a former unit keeps it when the Office edits it."""
    from ..support.admin_flow import add_form_data, add_page_url

    office = make_office("vanphong2")
    client.force_login(office)
    index = merged["old"].get_parent()
    form = client.get(f"/admin/pages/add/exemplar_stories/exemplarpage/{index.pk}/").context["form"]
    offered = set(form.fields["unit"].queryset)
    assert merged["successor"] in offered
    assert not offered & set(merged["former"])
    before = StoryPage.objects.count()
    response = client.post(add_page_url("exemplar"), add_form_data(unit=merged["former"][0]))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert StoryPage.objects.count() == before

    old = merged["old"]
    form = client.get(f"/admin/pages/{old.pk}/edit/").context["form"]
    assert old.unit in set(form.fields["unit"].queryset)
