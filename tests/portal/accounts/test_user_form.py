"""Issue #19, problems 2–4: passwords of 12+ characters; the unit and role group in Wagtail's
user form; changes to users and groups logged field by field; Wagtail's default groups gone."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from exemplar_stories.models import Unit, UnitMembership
from portal.accounts import conf

from .helpers import editor_user, make_user

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("admin", superuser=True))
    return client


@pytest.fixture
def ke_sach():
    return Unit.objects.create(name="Phòng Tư pháp huyện Kế Sách")


@pytest.fixture
def thanh_tra():
    return Unit.objects.create(name="Thanh tra Sở")


def editor_group():
    return Group.objects.get(name=conf.group_name("EDITOR_GROUP"))


def create_data(**overrides):
    data = {
        "username": "bientap.moi",
        "email": "moi@example.vn",
        "first_name": "Lan",
        "last_name": "Nguyễn",
        "password1": "mot-mat-khau-dai",
        "password2": "mot-mat-khau-dai",
        "groups": [editor_group().pk],
    }
    data.update(overrides)
    return data


def edit_data(user, **overrides):
    membership = UnitMembership.objects.filter(user=user).first()
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name or "Lan",
        "last_name": user.last_name or "Nguyễn",
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        "unit": membership.unit_id if membership else "",
        "password1": "",
        "password2": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_demo12345_is_not_an_acceptable_password(admin_client, ke_sach):
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        create_data(password1="demo12345", password2="demo12345", unit=ke_sach.pk),
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="bientap.moi").exists()
    assert "ít nhất 12 ký tự" in response.content.decode()


def test_creating_an_editor_sets_unit_and_group_in_one_form(admin_client, ke_sach):
    response = admin_client.post(reverse("wagtailusers_users:add"), create_data(unit=ke_sach.pk))
    assert response.status_code == 302
    user = User.objects.get(username="bientap.moi")
    assert user.unit_membership.unit == ke_sach
    assert list(user.groups.all()) == [editor_group()]
    entry = ModelLogEntry.objects.get(action="portal_accounts.changed", object_id=str(user.pk))
    assert "Đơn vị: — → Phòng Tư pháp huyện Kế Sách" in entry.message
    assert "Nhóm: — → Biên tập viên" in entry.message
    assert "mot-mat-khau" not in str(entry.data) and "md5$" not in str(entry.data)


def test_the_user_form_offers_the_unit(admin_client, ke_sach):
    html = admin_client.get(reverse("wagtailusers_users:add")).content.decode()
    assert 'name="unit"' in html and "Phòng Tư pháp huyện Kế Sách" in html


def test_an_editor_needs_a_unit(admin_client):
    response = admin_client.post(reverse("wagtailusers_users:add"), create_data())
    assert response.status_code == 200
    assert "Người dùng thuộc nhóm Biên tập viên phải có đơn vị" in response.content.decode()
    assert not User.objects.filter(username="bientap.moi").exists()


def test_editing_moves_an_editor_to_another_unit_and_logs_old_to_new(
    admin_client, ke_sach, thanh_tra
):
    user = editor_user(unit=ke_sach, first_name="Lan", last_name="Nguyễn")
    url = reverse("wagtailusers_users:edit", args=[user.pk])
    response = admin_client.post(url, edit_data(user, unit=thanh_tra.pk, email="moi@example.vn"))
    assert response.status_code == 302
    assert UnitMembership.objects.get(user=user).unit == thanh_tra
    entry = ModelLogEntry.objects.filter(action="portal_accounts.changed").latest("pk")
    assert entry.message == (
        "Đã thay đổi: Email: bientap.kesach@example.vn → moi@example.vn; "
        "Đơn vị: Phòng Tư pháp huyện Kế Sách → Thanh tra Sở"
    )
    assert not ModelLogEntry.objects.filter(action="wagtail.edit").exists()  # one entry, not two
    history = admin_client.get(reverse("wagtailusers_users:history", args=[user.pk]))
    assert "Phòng Tư pháp huyện Kế Sách → Thanh tra Sở" in history.content.decode()


def test_a_changed_password_is_logged_without_the_password(admin_client, ke_sach):
    user = editor_user(unit=ke_sach, first_name="Lan", last_name="Nguyễn")
    url = reverse("wagtailusers_users:edit", args=[user.pk])
    admin_client.post(
        url, edit_data(user, password1="mat-khau-moi-dai", password2="mat-khau-moi-dai")
    )
    entry = ModelLogEntry.objects.filter(action="portal_accounts.changed").latest("pk")
    assert entry.message == "Đã thay đổi: Đã đổi Mật khẩu"
    assert "md5$" not in str(entry.data)


def test_group_changes_are_logged_with_the_permissions_that_changed(admin_client):
    group = Group.objects.create(name="Tạm")
    url = reverse("wagtailusers_groups:edit", args=[group.pk])
    permission = Permission.objects.get(codename="access_admin")
    response = admin_client.post(
        url,
        {
            "name": "Tạm thời",
            "permissions": [permission.pk],
            "page_permissions-TOTAL_FORMS": "0",
            "page_permissions-INITIAL_FORMS": "0",
            "page_permissions-MIN_NUM_FORMS": "0",
            "page_permissions-MAX_NUM_FORMS": "1000",
            "collection_permissions-TOTAL_FORMS": "0",
            "collection_permissions-INITIAL_FORMS": "0",
            "collection_permissions-MIN_NUM_FORMS": "0",
            "collection_permissions-MAX_NUM_FORMS": "1000",
            "document_permissions-TOTAL_FORMS": "0",
            "document_permissions-INITIAL_FORMS": "0",
            "document_permissions-MIN_NUM_FORMS": "0",
            "document_permissions-MAX_NUM_FORMS": "1000",
            "image_permissions-TOTAL_FORMS": "0",
            "image_permissions-INITIAL_FORMS": "0",
            "image_permissions-MIN_NUM_FORMS": "0",
            "image_permissions-MAX_NUM_FORMS": "1000",
        },
    )
    import re

    errors = re.findall(r'class="error-message"[^>]*>(.*?)<', response.content.decode(), re.S)
    assert response.status_code == 302, errors
    entry = ModelLogEntry.objects.get(action="portal_accounts.changed", object_id=str(group.pk))
    assert "Tên: Tạm → Tạm thời" in entry.message
    assert "Quyền trên đối tượng: — → wagtailadmin.access_admin" in entry.message


def test_the_dashboard_warns_an_editor_without_a_unit(client):
    client.force_login(editor_user())
    html = client.get("/admin/").content.decode()
    assert "Bạn là biên tập viên nhưng chưa được gán đơn vị" in html


def test_an_editor_with_a_unit_is_not_warned(client, ke_sach):
    client.force_login(editor_user(unit=ke_sach))
    assert "chưa được gán đơn vị" not in client.get("/admin/").content.decode()


def test_wagtails_default_groups_are_gone_after_migrating():
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert Group.objects.filter(name=conf.group_name("EDITOR_GROUP")).exists()


def test_the_migration_keeps_a_default_group_that_has_members():
    migration = importlib.import_module(
        "portal.accounts.migrations.0001_remove_wagtail_default_groups"
    )
    moderators = Group.objects.create(name="Moderators")
    Group.objects.create(name="Editors")
    make_user("con.nguoi").groups.add(moderators)
    migration.remove_empty_default_groups(django_apps, None)
    assert list(Group.objects.filter(name__in=["Moderators", "Editors"])) == [moderators]
