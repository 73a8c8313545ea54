"""Issue #19, problem 4: the "Nhật ký đăng nhập" report shows successes and failures."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .helpers import make_user, office_user, password_step

pytestmark = pytest.mark.django_db

URL = reverse("portal_accounts:login_trail")


@pytest.fixture
def trail(client):
    office_user()
    make_user("bientap.kesach")
    password_step(client, "vanphong", password="sai", REMOTE_ADDR="203.0.113.66")
    password_step(client, "vanphong", REMOTE_ADDR="198.51.100.7")
    client.logout()
    password_step(client, "bientap.kesach", REMOTE_ADDR="198.51.100.8")
    client.logout()


@pytest.fixture
def superuser_client(client, trail):
    client.force_login(make_user("admin", superuser=True))
    return client


def test_the_report_lists_successes_and_failures_with_address_and_time(superuser_client):
    response = superuser_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhật ký đăng nhập" in html
    assert "203.0.113.66" in html and "198.51.100.7" in html
    assert "Thất bại" in html and "Thành công" in html
    assert "Mật khẩu" in html


def test_the_report_filters_by_outcome_and_username(superuser_client):
    rows = superuser_client.get(URL, {"outcome": "failure"}).context["object_list"]
    assert [(r["username"], r["ip_address"]) for r in rows] == [("vanphong", "203.0.113.66")]
    rows = superuser_client.get(URL, {"username": "bientap"}).context["object_list"]
    assert [r["outcome"] for r in rows] == ["success"]
    rows = superuser_client.get(URL, {"ip_address": "198.51.100."}).context["object_list"]
    assert {r["username"] for r in rows} == {"vanphong", "bientap.kesach"}


def test_the_report_exports_csv_and_xlsx(superuser_client):
    response = superuser_client.get(URL, {"export": "csv", "outcome": "success"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:4] == ["Thời gian", "Tên đăng nhập", "Địa chỉ IP", "Kết quả"]
    assert len(rows) == 4  # vanphong, bientap.kesach and the admin's own (forced) login
    response = superuser_client.get(URL, {"export": "xlsx"})
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    assert sheet.max_row == 5


def test_only_superusers_see_the_report(client, trail):
    client.force_login(office_user("vanphong2"))
    response = client.get(URL)
    assert response.status_code == 302  # Wagtail's permission refusal
    assert "Nhật ký đăng nhập" not in client.get("/admin/").content.decode()
