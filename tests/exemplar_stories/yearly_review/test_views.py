"""The yearly review report (tổng kết): its tables, chart, exports and query count."""

import io
import re

import pytest
from wagtail.models import PageViewRestriction

from exemplar_stories.models import NomineeAward

from ..support.factories import field_of_work, make_story, make_unit, vn_time
from ..support.registration_helpers import award, make_office, make_registration

pytestmark = pytest.mark.django_db

REVIEW_URL = "/admin/exemplar-reports/yearly-review/"


@pytest.fixture
def office():
    return make_office()


# --- yearly review ---------------------------------------------------------------------------


@pytest.fixture
def year_2026():
    ke_sach = make_unit("Phòng Tư pháp huyện Kế Sách")
    thanh_tra = make_unit("Thanh tra Sở")
    legal_aid = field_of_work("Trợ giúp pháp lý")
    make_story("A", unit=ke_sach, field=legal_aid, published_at=vn_time(2026, 2, 1))
    make_story("B", unit=ke_sach, kind="new_model", published_at=vn_time(2026, 5, 1))
    make_story("C", unit=thanh_tra, kind="new_factor", published_at=vn_time(2026, 5, 2))
    make_story("Năm trước", unit=thanh_tra, published_at=vn_time(2025, 5, 2))
    registration = make_registration(
        "Lâm Thị Hồng",
        unit=ke_sach,
        registered_award=award("Chiến sĩ thi đua cơ sở"),
        status="achieved",
    )
    NomineeAward.objects.create(
        registration=registration,
        award=award("Bằng khen"),
        year=2026,
        decision_number="12/QĐ-UBND",
        issuer="UBND tỉnh",
    )
    return ke_sach, thanh_tra


def test_the_yearly_review_counts_by_unit_kind_field_and_quarter(client, office, year_2026):
    client.force_login(office)
    response = client.get(REVIEW_URL + "?year=2026")
    assert response.status_code == 200
    tables = {title: rows for title, _headings, rows in response.context["tables"]}
    by_unit = {row[0]: row[1:] for row in next(iter(tables.values()))}
    assert by_unit["Phòng Tư pháp huyện Kế Sách"] == [1, 1, 0, 2, 1]
    assert by_unit["Thanh tra Sở"] == [0, 0, 1, 1, 0]
    review = response.context["review"]
    assert [row.total for row in review.by_quarter] == [1, 2, 0, 0]
    assert {row.label: row.total for row in review.by_field}["Trợ giúp pháp lý"] == 1
    assert {(a.nominee, a.award) for a in review.awards} == {
        ("Lâm Thị Hồng", "Chiến sĩ thi đua cơ sở"),
        ("Lâm Thị Hồng", "Bằng khen"),
    }


def test_the_yearly_review_draws_a_chart_of_the_year_by_quarter_and_kind(client, office, year_2026):
    client.force_login(office)
    html = client.get(REVIEW_URL + "?year=2026").content.decode()
    chart = html[html.index('<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart"') :]
    chart = chart[: chart.index("</svg>")]
    assert 'role="img"' in chart and 'aria-labelledby="review-quarters-title"' in chart
    title = '<title id="review-quarters-title">Bài viết xuất bản năm 2026, theo quý và loại</title>'
    assert title in chart
    # One bar per quarter and kind, each naming its number (the fixture's stories).
    bars = re.findall(r"<title>([^<]*)</title>", chart)
    assert len(bars) == 12
    assert "Gương điển hình tiên tiến, Quý 1: 1" in bars
    assert "Mô hình mới, Quý 2: 1" in bars and "Nhân tố mới, Quý 2: 1" in bars
    assert "Mô hình mới, Quý 1: 0" in bars and "Gương điển hình tiên tiến, Quý 4: 0" in bars


def test_the_yearly_review_exports_every_table(client, office, year_2026):
    from openpyxl import load_workbook

    client.force_login(office)
    response = client.get(REVIEW_URL + "?year=2026&export=xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 4
    response = client.get(REVIEW_URL + "?year=2026&export=csv")
    text = response.content.decode("utf-8-sig")
    assert "Lâm Thị Hồng" in text and "Thanh tra Sở" in text


def test_the_yearly_review_takes_a_fixed_number_of_queries(
    client, office, year_2026, django_assert_max_num_queries
):
    client.force_login(office)
    client.get(REVIEW_URL + "?year=2026")
    with django_assert_max_num_queries(25):
        assert client.get(REVIEW_URL + "?year=2026").status_code == 200


# --- which years, which stories, which awards (mutation testing, issue #21) -------------------


def withdrawn_and_private_stories(year):
    """A story published then withdrawn, and one behind a password: citizens read neither."""
    withdrawn = make_story("Đã gỡ", published_at=vn_time(year, 11, 1))
    withdrawn.unpublish()
    private = make_story("Riêng tư", published_at=vn_time(year, 11, 1))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")


def tables_of(response):
    return {title: rows for title, _headings, rows in response.context["tables"]}


def test_the_year_list_holds_every_year_with_stories_or_registrations_newest_first(client, office):
    make_story("Năm 2025", published_at=vn_time(2025, 3, 1))
    make_story("Bản nháp", live=False)
    withdrawn_and_private_stories(2024)
    make_registration("Chỉ có đăng ký", year=2027)
    client.force_login(office)
    response = client.get(REVIEW_URL)
    assert response.context["years"] == [2027, 2025]
    assert response.context["year"] == 2027  # the newest, when none is asked for
    by_unit = next(iter(tables_of(response).values()))
    # The unit that only registered is listed, with no story; then the totals row.
    assert by_unit == [["Phòng Tư pháp huyện Kế Sách", 0, 0, 0, 0, 1], ["Tổng cộng", 0, 0, 0, 0, 1]]


def test_the_review_totals_every_unit_and_names_stories_without_a_field(client, office, year_2026):
    ke_sach, thanh_tra = year_2026
    make_story("D", unit=thanh_tra, published_at=vn_time(2026, 11, 2))
    withdrawn_and_private_stories(2026)
    make_registration("Trần Văn Bình", unit=thanh_tra)
    make_registration("Lê Văn Cường", unit=thanh_tra)
    client.force_login(office)
    response = client.get(REVIEW_URL + "?year=2026")
    tables = tables_of(response)
    by_unit, by_field, by_quarter = list(tables.values())[:3]
    assert by_unit[-1] == ["Tổng cộng", 2, 1, 1, 4, 3]
    assert by_field == [["Chưa xác định lĩnh vực", 1, 1, 1, 3], ["Trợ giúp pháp lý", 1, 0, 0, 1]]
    assert by_quarter == [
        ["Quý 1", 1, 0, 0, 1],
        ["Quý 2", 0, 1, 1, 2],
        ["Quý 3", 0, 0, 0, 0],
        ["Quý 4", 1, 0, 0, 1],
    ]
    assert response.context["review"].registrations == 3


def test_the_awards_won_are_those_of_the_year_held_or_achieved_once_each_sorted_by_award(
    client, office
):
    ke_sach = make_unit("Phòng Tư pháp huyện Kế Sách")
    thanh_tra = make_unit("Thanh tra Sở")
    hong = make_registration(
        "Lâm Thị Hồng",
        unit=ke_sach,
        registered_award=award("Chiến sĩ thi đua cơ sở"),
        status="achieved",
    )
    # The same title recorded in her award history: one row, with its decision.
    NomineeAward.objects.create(
        registration=hong,
        award=award("Chiến sĩ thi đua cơ sở"),
        year=2026,
        decision_number="12/QĐ-UBND",
        issuer="UBND tỉnh",
    )
    NomineeAward.objects.create(
        registration=hong, award=award("Giấy khen"), year=2025, decision_number="3/QĐ"
    )
    make_registration(
        "Trần Văn Bình", unit=thanh_tra, registered_award=award("Bằng khen"), status="achieved"
    )
    make_registration(
        "Lê Văn Cường", unit=thanh_tra, registered_award=award("Giấy khen"), status="proposed"
    )
    make_registration("Võ Thị Én", unit=thanh_tra, status="achieved")  # no title registered
    make_registration(
        "Phạm Thị Dung",
        year=2025,
        unit=thanh_tra,
        registered_award=award("Bằng khen"),
        status="achieved",
    )
    client.force_login(office)
    awards = list(tables_of(client.get(REVIEW_URL + "?year=2026")).values())[3]
    assert awards == [
        ["Trần Văn Bình", "Thanh tra Sở", "Bằng khen", "", ""],
        [
            "Lâm Thị Hồng",
            "Phòng Tư pháp huyện Kế Sách",
            "Chiến sĩ thi đua cơ sở",
            "12/QĐ-UBND",
            "UBND tỉnh",
        ],
    ]


def test_more_awards_held_cost_no_more_queries(client, office, year_2026):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(office)
    client.get(REVIEW_URL + "?year=2026")
    with CaptureQueriesContext(connection) as one_award:
        client.get(REVIEW_URL + "?year=2026")
    ke_sach, _thanh_tra = year_2026
    for number, name in enumerate(["Giấy khen", "Chiến sĩ thi đua cấp bộ, cấp tỉnh"], start=20):
        holder = make_registration(f"Người thứ {number}", unit=ke_sach)
        NomineeAward.objects.create(
            registration=holder, award=award(name), year=2026, decision_number=f"{number}/QĐ"
        )
        make_registration(
            f"Người đạt {number}", unit=ke_sach, registered_award=award(name), status="achieved"
        )
    with CaptureQueriesContext(connection) as more_awards:
        response = client.get(REVIEW_URL + "?year=2026")
    assert len(response.context["review"].awards) == 6
    assert len(more_awards) == len(one_award)
