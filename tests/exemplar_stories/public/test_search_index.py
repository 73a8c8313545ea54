"""Issue #16: the search index follows the stories (publish, unpublish, a catalogue renamed,
`update_index`), the admin's page search uses it, and the demo content answers a citizen."""

import pytest
from django.core.management import call_command
from modelsearch.conf import get_app_config

from exemplar_stories.models import StoryPage

from ..support.factories import make_story, make_unit

pytestmark = pytest.mark.django_db

INDEX_URL = "/dien-hinh-tien-tien/"


def titles(client, q):
    response = client.get(INDEX_URL, {"q": q})
    assert response.status_code == 200
    return [story.title for story in response.context["stories"]]


def test_a_story_is_found_once_published_and_not_after_it_is_unpublished(client):
    story = make_story("Gương sáng ở Mỹ Tú", live=False)
    assert titles(client, "my tu") == []
    story.save_revision().publish(skip_permission_checks=True)
    assert titles(client, "my tu") == ["Gương sáng ở Mỹ Tú"]
    StoryPage.objects.get(pk=story.pk).specific.unpublish()
    assert titles(client, "my tu") == []


def test_renaming_a_unit_reindexes_its_stories(client, django_capture_on_commit_callbacks):
    unit = make_unit("Thanh tra Sở")
    make_story("Giải quyết đơn thư tồn đọng", unit=unit)
    assert titles(client, "soc trang") == []
    with django_capture_on_commit_callbacks(execute=True):
        unit.name = "Thanh tra tỉnh Sóc Trăng"
        unit.save()
    assert titles(client, "soc trang") == ["Giải quyết đơn thư tồn đọng"]
    assert titles(client, "thanh tra so") == []


def test_update_index_rebuilds_the_index(client):
    make_story("Tủ sách pháp luật điện tử")
    get_app_config().get_model("IndexEntry").objects.all().delete()
    assert titles(client, "tu sach") == []
    call_command("update_index", verbosity=0)
    assert titles(client, "tu sach") == ["Tủ sách pháp luật điện tử"]


def test_the_admin_page_search_finds_without_diacritics(admin_client):
    make_story("Chị Hồng ở Kế Sách", unit=make_unit("Phòng Tư pháp huyện Kế Sách"))
    make_story("Gương khác", unit=make_unit("Thanh tra Sở"))
    response = admin_client.get("/admin/pages/search/", {"q": "ke sach"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chị Hồng ở Kế Sách" in html
    assert "Gương khác" not in html


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # Word order swapped: the e-bookshelf of legal texts.
        ("pháp luật tủ sách", ["Mô hình “Tủ sách pháp luật điện tử” ở ấp"]),
        # No diacritics, words swapped: legal aid ("trợ giúp pháp lý").
        (
            "giup tro",
            # (the demo's other legal-aid story, about Bà Trương Thị Mỹ, had its consent
            # withdrawn: test_a_withdrawn_demo_story_is_not_found)
            ["Trợ giúp viên pháp lý trẻ nói tiếng Khmer ở Trần Đề"],
        ),
    ],
)
def test_the_demo_content_answers_what_a_citizen_types(client, demo, q, expected):
    found = titles(client, q)
    assert set(expected) <= set(found[:5]), found


def test_a_withdrawn_demo_story_is_not_found(client, demo):
    withdrawn = "Bà Trương Thị Mỹ: hai mươi năm trợ giúp pháp lý cho người nghèo"
    assert not StoryPage.objects.get(title=withdrawn).live
    for q in ["giup tro", "Trương Thị Mỹ", "truong thi my"]:
        assert withdrawn not in titles(client, q), q


def test_on_the_demo_content_dien_hinh_finds_the_advanced_exemplars_first(client, demo):
    # "Điển hình" is the kind a citizen looks for on a portal of exemplars ("Gương điển hình
    # tiên tiến"): the first results are exemplars, typed with diacritics or without.
    for q in ("điển hình", "dien hinh"):
        response = client.get(INDEX_URL, {"q": q})
        kinds = [story.kind for story in response.context["stories"]][:5]
        assert kinds == ["exemplar"] * 5, (q, kinds)
