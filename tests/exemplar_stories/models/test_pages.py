import unicodedata

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from exemplar_stories.core.quarters import quarter_of
from exemplar_stories.models import (
    ExemplarIndexPage,
    ExemplarPage,
    NewFactorPage,
    NewModelPage,
    StoryPage,
)
from home.models import HomePage

from ..support.admin_flow import create_story_via_admin
from ..support.factories import make_index, make_story, make_unit, vn_time
from ..support.workflow_helpers import make_user


class StoryPageTypeRulesTests(WagtailPageTestCase):
    def test_index_allows_only_the_three_story_kinds(self):
        self.assertAllowedSubpageTypes(
            ExemplarIndexPage, {ExemplarPage, NewModelPage, NewFactorPage}
        )

    def test_each_story_kind_lives_only_under_the_index_and_has_no_children(self):
        for model in (ExemplarPage, NewModelPage, NewFactorPage):
            self.assertAllowedParentPageTypes(model, {ExemplarIndexPage})
            self.assertAllowedSubpageTypes(model, set())

    def test_the_shared_base_cannot_be_created(self):
        self.assertFalse(StoryPage.is_creatable)

    def test_index_can_be_created_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, ExemplarIndexPage)


class AdminCreateViewTests(WagtailPageTestCase):
    def setUp(self):
        self.user = get_user_model().objects.create_superuser("sa", "sa@example.vn", "pw")
        self.client.force_login(self.user)
        self.index = make_index()
        self.unit = make_unit()

    def _post(self, model, extra=None):
        url = f"/admin/pages/add/exemplar_stories/{model._meta.model_name}/{self.index.pk}/"
        return self.client.post(url, self._data(extra))

    def _data(self, extra=None):
        data = nested_form_data(
            {
                "title": "Điển hình tiên tiến ở Kế Sách",
                "slug": "",
                "subject_kind": "individual",
                "subject_name": "Nguyễn Thị Bé",
                "subject_position": "Công chức tư pháp",
                "unit": self.unit.pk,
                "summary": "Một câu chuyện ngắn.",
                "hero_image_alt": "",
                "body": streamfield(
                    [
                        ("paragraph", rich_text("<p>Đoạn văn <b>đậm</b>.</p>")),
                        ("quote", {"text": "Làm việc tận tâm.", "attribution": "Chị Bé"}),
                    ]
                ),
                "story_awards": {
                    "TOTAL_FORMS": 0,
                    "INITIAL_FORMS": 0,
                    "MIN_NUM_FORMS": 0,
                    "MAX_NUM_FORMS": 1000,
                },
                **(extra or {}),
            }
        )
        # A multiple choice posts the same key twice, which nested_form_data cannot express.
        data["publicity_forms"] = (extra or {}).get("publicity_forms", ["portal", "articles"])
        return data

    def test_editor_creates_each_story_kind_in_their_unit_through_the_admin(self):
        editor = make_user("bientap.kesach", group="EDITOR_GROUP", unit=self.unit)
        make_unit("Thanh tra Sở")  # another unit exists; the editor's form offers only theirs
        self.client.force_login(editor)
        for model in (ExemplarPage, NewModelPage, NewFactorPage):
            response = self._post(model)
            self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
            self.assertTrue(model.objects.exists(), f"{model.__name__} was not created")
            page = model.objects.latest("pk")
            self.assertEqual(page.unit, self.unit)
            self.assertEqual(page.owner, editor)
            self.assertFalse(page.live)  # a draft: editors do not publish
            self.assertEqual(page.kind, model.story_kind)
            self.assertTrue(page.slug.startswith("dien-hinh-tien-tien-o-ke-sach"))
            self.assertEqual(page.publicity_forms, ["portal", "articles"])
            self.assertEqual(page.body[1].value["attribution"], "Chị Bé")

    def test_summary_longer_than_300_characters_is_refused(self):
        response = self._post(ExemplarPage, {"summary": "x" * 301})
        self.assertEqual(response.status_code, 200)
        self.assertIn("summary", response.context["form"].errors)
        self.assertContains(response, "300")
        self.assertFalse(ExemplarPage.objects.exists())

    def test_unknown_publicity_form_is_refused(self):
        response = self._post(ExemplarPage, {"publicity_forms": ["billboard-on-the-moon"]})
        self.assertEqual(response.status_code, 200)
        self.assertIn("publicity_forms", response.context["form"].errors)

    def test_story_page_is_renderable_and_previewable(self):
        page = make_story("Một gương sáng")
        self.assertPageIsRenderable(page)
        self.assertPageIsPreviewable(page, post_data=self._data({"slug": page.slug}))


@pytest.mark.django_db
def test_hero_image_requires_alt_text():
    from django.core.exceptions import ValidationError
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Ảnh", file=get_test_image_file())
    page = ExemplarPage(
        title="Có ảnh", subject_name="A", unit=make_unit(), summary="S", hero_image=image
    )
    make_index().add_child(
        instance=ExemplarPage(title="Khác", subject_name="B", unit=make_unit(), summary="S")
    )
    with pytest.raises(ValidationError) as excinfo:
        page.clean()
    assert "hero_image_alt" in excinfo.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_server_slug_is_ascii_vietnamese_for_nfc_and_nfd_titles(form):
    title = unicodedata.normalize(form, "Điển hình tiên tiến Đồng Khởi")
    page = make_story(title)
    assert page.slug == "dien-hinh-tien-tien-dong-khoi"
    assert page.title == unicodedata.normalize("NFC", title)


@pytest.mark.django_db
def test_text_is_stored_nfc():
    page = make_story("Tiêu đề", subject_name=unicodedata.normalize("NFD", "Lâm Thị Hồng"))
    assert page.subject_name == "Lâm Thị Hồng"
    assert unicodedata.is_normalized("NFC", page.subject_name)


@pytest.mark.django_db
def test_body_rich_text_is_stored_nfc():
    decomposed = unicodedata.normalize("NFD", "<p>Phổ biến pháp luật ở Kế Sách</p>")
    page = make_story("Thân bài", body=[("paragraph", decomposed)])
    page = type(page).objects.get(pk=page.pk)
    source = page.body[0].value.source
    assert unicodedata.is_normalized("NFC", source)
    assert "Kế Sách" in source


@pytest.mark.django_db
def test_control_characters_are_dropped_from_titles():
    page = make_story("Gương\x00 sáng\x0b")
    assert page.title == "Gương sáng"


def test_quarter_boundaries_are_in_vietnamese_time():
    assert quarter_of(vn_time(2026, 3, 31, 23, 30)) == (2026, 1)
    assert quarter_of(vn_time(2026, 4, 1, 0, 10)) == (2026, 2)


@pytest.mark.django_db
def test_story_counts_for_the_quarter_of_its_first_publication():
    page = make_story("Q1", published_at=vn_time(2026, 3, 31, 23, 30))
    assert (page.quarter_year, page.quarter_number) == (2026, 1)
    page = make_story("Q2", published_at=vn_time(2026, 4, 1, 0, 10))
    assert (page.quarter_year, page.quarter_number) == (2026, 2)


@pytest.mark.django_db
def test_office_override_of_the_quarter_is_kept():
    page = make_story("Q", published_at=vn_time(2026, 5, 1, 9, 0))
    page.quarter_year, page.quarter_number, page.quarter_is_manual = 2026, 1, True
    page.save()
    page.refresh_from_db()
    assert (page.quarter_year, page.quarter_number) == (2026, 1)


@pytest.mark.django_db
def test_draft_story_has_no_quarter_yet():
    page = make_story("Nháp", live=False)
    assert page.quarter_year is None
    assert not Page.objects.get(pk=page.pk).live


# --- who may create what, through the add page (support/admin_flow.py) ----------------------


@pytest.mark.django_db
def test_an_editor_without_a_unit_cannot_create_a_story_for_any_unit(client):
    unit = make_unit()
    editor = make_user("bientap.moi", group="EDITOR_GROUP")  # not attached to a unit yet
    response, page = create_story_via_admin(client, editor, "exemplar", unit=unit)
    assert response.status_code == 200  # the form comes back
    assert "unit" in response.context["form"].errors
    assert page is None and not StoryPage.objects.exists()


@pytest.mark.django_db
def test_an_editor_cannot_create_a_story_for_another_unit(client):
    own, other = make_unit("Phòng Tư pháp huyện Kế Sách"), make_unit("Thanh tra Sở")
    editor = make_user("bientap.kesach", group="EDITOR_GROUP", unit=own)
    response, page = create_story_via_admin(client, editor, "new_model", unit=other)
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert page is None
    response, page = create_story_via_admin(client, editor, "new_model")  # their own unit
    assert response.status_code == 302 and page.unit == own
