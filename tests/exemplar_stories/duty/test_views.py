"""The Office's reports and dashboard panel: the quarterly duty (and who may open the reports,
the yearly review included)."""

import datetime
import io

import pytest
from django.utils import timezone

from exemplar_stories.duty import selectors as duty

from ..support.factories import make_story, make_unit, vn_time
from ..support.registration_helpers import make_editor, make_office, refused

pytestmark = pytest.mark.django_db

DUTY_URL = "/admin/exemplar-reports/quarterly-duty/"
REVIEW_URL = "/admin/exemplar-reports/yearly-review/"


@pytest.fixture
def office():
    return make_office()


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def frozen_now(monkeypatch):
    """Pin "now" (as the duty module sees it) to a moment in Vietnamese time."""

    def freeze(*args):
        moment = vn_time(*args)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze


def _rows(client, url=DUTY_URL, fmt="xlsx"):
    from openpyxl import load_workbook

    response = client.get(f"{url}?export={fmt}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        return content.decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


# --- permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [DUTY_URL, DUTY_URL + "results/", REVIEW_URL])
def test_anonymous_visitors_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("url", [DUTY_URL, DUTY_URL + "?export=xlsx", REVIEW_URL])
def test_unit_editors_cannot_open_the_offices_reports(client, editor, url):
    client.force_login(editor)
    assert refused(client.get(url))


def test_the_reports_menu_lists_the_reports_for_the_office_only(client, office, editor):
    client.force_login(office)
    html = client.get("/admin/").content.decode()
    assert DUTY_URL in html and REVIEW_URL in html
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert DUTY_URL not in html and REVIEW_URL not in html


# --- quarterly duty --------------------------------------------------------------------------


def test_quarter_boundaries_are_in_vietnamese_time(client, office, frozen_now):
    frozen_now(2026, 5, 10, 9, 0)
    make_story("Cuối quý một", published_at=vn_time(2026, 3, 31, 23, 30))
    make_story("Đầu quý hai", published_at=vn_time(2026, 4, 1, 0, 10), kind="new_model")
    client.force_login(office)
    rows = {row[0]: row for row in _rows(client)[1:]}
    assert set(rows) == {"1/2026", "2/2026"}
    # Quarter, exemplars, new models, new factors, total, delivered, duty met
    assert rows["1/2026"][1:5] == [1, 0, 0, 1]
    assert rows["2/2026"][1:5] == [0, 1, 0, 1]


def test_the_duty_report_says_which_quarters_met_the_duty(client, office, frozen_now):
    frozen_now(2026, 11, 26, 8, 0)
    _deliver(make_story("Quý một", published_at=vn_time(2026, 2, 1)))
    make_story("Quý ba, mô hình", published_at=vn_time(2026, 8, 1), kind="new_model")
    client.force_login(office)
    response = client.get(DUTY_URL)
    assert response.status_code == 200
    rows = {row[0]: row[-1] for row in _rows(client)[1:]}
    assert list(rows) == ["4/2026", "3/2026", "2/2026", "1/2026"]  # newest first, gaps filled
    assert rows["1/2026"] == "Hoàn thành"  # "Met", in Vietnamese
    assert rows["2/2026"] == rows["3/2026"] != rows["1/2026"]  # not met
    assert rows["4/2026"] not in (rows["1/2026"], rows["2/2026"])  # still in progress


def test_the_duty_report_exports_csv(client, office, frozen_now):
    frozen_now(2026, 5, 10)
    make_story("Quý hai", published_at=vn_time(2026, 4, 2))
    client.force_login(office)
    text = _rows(client, fmt="csv")
    assert "2/2026" in text


def test_the_duty_report_takes_a_fixed_number_of_queries(
    client, office, frozen_now, django_assert_max_num_queries
):
    frozen_now(2026, 11, 26)
    unit = make_unit()
    for month in range(1, 12):
        make_story(f"Câu chuyện {month}", unit=unit, published_at=vn_time(2024, month, 3))
    client.force_login(office)
    client.get(DUTY_URL)
    with django_assert_max_num_queries(20):
        assert client.get(DUTY_URL).status_code == 200


def test_delivered_counts_are_empty_until_the_syndication_outbox_exists():
    assert duty.delivered_story_ids(2026, 1) == set()


def test_days_left_counts_today_and_ends_with_the_quarter():
    assert duty.days_left(2026, 1, today=datetime.date(2026, 3, 31)) == 1
    assert duty.days_left(2026, 4, today=datetime.date(2026, 12, 2)) == 30
    assert duty.days_left(2026, 4, today=datetime.date(2026, 12, 3)) == 29


# --- dashboard panel -------------------------------------------------------------------------


def test_the_office_dashboard_shows_the_quarter_in_red_when_at_risk(client, office, frozen_now):
    frozen_now(2026, 12, 10, 8, 0)
    client.force_login(office)
    html = client.get("/admin/").content.decode()
    assert 'data-state="at_risk"' in html
    assert "quarterly-duty--at-risk" in html


def test_the_panel_is_calm_once_an_exemplar_is_published_and_sent(client, office, frozen_now):
    frozen_now(2026, 12, 10, 8, 0)
    _deliver(make_story("Tháng mười hai", published_at=vn_time(2026, 12, 1)))
    client.force_login(office)
    html = client.get("/admin/").content.decode()
    assert 'data-state="met"' in html
    assert "quarterly-duty--at-risk" not in html


def test_the_panel_is_not_red_with_more_than_30_days_left(client, office, frozen_now):
    frozen_now(2026, 10, 5, 8, 0)
    client.force_login(office)
    html = client.get("/admin/").content.decode()
    assert 'data-state="open"' in html


def test_unit_editors_do_not_get_the_duty_panel(client, editor):
    client.force_login(editor)
    assert "quarterly-duty" not in client.get("/admin/").content.decode()


# --- the duty follows the plan: published AND delivered (issue 15, finding 2) ----------------


def _deliver(page, status="delivered"):
    from exemplar_stories.models import SyndicationDelivery, SyndicationEvent

    return SyndicationDelivery.objects.create(
        event=SyndicationEvent.PUBLISHED,
        page=page,
        story_uuid=page.syndication_uuid,
        story_title=page.title,
        body="{}",
        status=status,
    )


def _panel(client):
    from bs4 import BeautifulSoup

    html = client.get("/admin/").content.decode()
    panel = BeautifulSoup(html, "html.parser").select_one(".quarterly-duty__body")
    return panel, " ".join(panel.get_text(" ").split())


def test_a_published_exemplar_that_was_not_sent_does_not_meet_the_duty(client, office, frozen_now):
    frozen_now(2026, 12, 10, 8, 0)
    make_story("Tháng mười hai", published_at=vn_time(2026, 12, 1))
    client.force_login(office)
    panel, text = _panel(client)
    assert panel["data-state"] != "met" and panel["data-missing"] == "delivery"
    assert "Đã hoàn thành" not in text
    assert "Chưa gửi sang Sở Nội vụ" in text


@pytest.mark.parametrize("status", ["pending", "sending", "failed"])
def test_waiting_or_failed_deliveries_do_not_count_as_sent(client, office, frozen_now, status):
    frozen_now(2026, 12, 10, 8, 0)
    _deliver(make_story("Đang chờ gửi", published_at=vn_time(2026, 12, 1)), status=status)
    client.force_login(office)
    panel, text = _panel(client)
    assert panel["data-missing"] == "delivery" and "Chưa gửi sang Sở Nội vụ" in text


def test_published_and_delivered_meets_the_duty(client, office, frozen_now):
    frozen_now(2026, 12, 10, 8, 0)
    _deliver(make_story("Đã gửi", published_at=vn_time(2026, 12, 1)))
    client.force_login(office)
    panel, text = _panel(client)
    assert panel["data-state"] == "met"
    assert "Đã hoàn thành" in text and "đã gửi sang Sở Nội vụ" in text


def test_the_panel_says_nothing_is_published_nor_sent(client, office, frozen_now):
    frozen_now(2026, 10, 5, 8, 0)
    client.force_login(office)
    panel, text = _panel(client)
    assert panel["data-missing"] == "both"
    assert "chưa đăng" in text.lower() and "Sở Nội vụ" in text


def test_the_office_is_told_when_no_syndication_target_is_configured(client, office, settings):
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "SYNDICATION_URL": ""}
    client.force_login(office)
    _, text = _panel(client)
    assert "Chưa cấu hình địa chỉ" in text
    settings.EXEMPLAR_STORIES = {
        **settings.EXEMPLAR_STORIES,
        "SYNDICATION_URL": "https://snv.example/hooks",
        "SYNDICATION_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    }
    _, text = _panel(client)
    assert "Chưa cấu hình địa chỉ" not in text


def test_the_report_says_which_half_of_the_duty_is_missing(client, office, frozen_now):
    frozen_now(2026, 11, 26, 8, 0)
    make_story("Quý một, chưa gửi", published_at=vn_time(2026, 2, 1))
    _deliver(make_story("Quý hai, đã gửi", published_at=vn_time(2026, 5, 1)))
    client.force_login(office)
    rows = {row[0]: row for row in _rows(client)[1:]}
    heading = _rows(client)[0]
    assert heading[-2] == "Còn thiếu"
    assert rows["1/2026"][-1] == "Không hoàn thành"  # published, 0 sent: never "Hoàn thành"
    assert rows["1/2026"][-2] == "Chưa gửi sang Sở Nội vụ"
    assert rows["2/2026"][-1] == "Hoàn thành" and not rows["2/2026"][-2]
    assert rows["3/2026"][-2] == "Chưa đăng, chưa gửi sang Sở Nội vụ"
    html = client.get(DUTY_URL).content.decode()
    assert "Chưa gửi sang Sở Nội vụ" in html


def test_the_duty_can_still_be_publication_only_by_setting(client, office, frozen_now, settings):
    settings.EXEMPLAR_STORIES = {**settings.EXEMPLAR_STORIES, "DUTY_REQUIRES_DELIVERY": False}
    frozen_now(2026, 12, 10, 8, 0)
    make_story("Tháng mười hai", published_at=vn_time(2026, 12, 1))
    client.force_login(office)
    panel, _ = _panel(client)
    assert panel["data-state"] == "met"
