"""The delivery log, Resend, the 410 alert and the story's header status, through admin URLs."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from exemplar_stories.models import DeliveryStatus, SyndicationDelivery

from ..support.factories import make_story
from ..support.registration_helpers import refused

pytestmark = pytest.mark.django_db

LOG = "exemplar_stories_syndicationdelivery_modeladmin_index"


def _user(username, group_name):
    user = get_user_model().objects.create_user(username, f"{username}@example.vn", "pw")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


@pytest.fixture
def office(client):
    from wagtail.models import GroupPagePermission, Page

    user = _user("vanphong", "Văn phòng Sở")
    group = Group.objects.get(name="Văn phòng Sở")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=Page.get_first_root_node(),
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    client.force_login(user)
    return user


@pytest.fixture
def sent(receiver, django_capture_on_commit_callbacks):
    receiver.script = [500]
    with django_capture_on_commit_callbacks(execute=True):
        story = make_story("Gương sáng Kế Sách")
    return story


def test_the_office_sees_the_log_with_attempts_codes_and_next_attempt(client, office, sent):
    response = client.get(reverse(LOG))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gương sáng Kế Sách" in html
    assert "answer 500" in html  # the receiver's answer, kept
    assert "Gửi lại" in html
    assert reverse(LOG) in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_log_reads_in_vietnamese_its_headings_and_date_choices(client, office, sent):
    soup = BeautifulSoup(client.get(reverse(LOG)).content, "html.parser")
    headings = [" ".join(th.get_text().split()) for th in soup.select("table.listing thead th")]
    assert headings == [
        "Thời điểm tạo",
        "Tiêu đề bài viết",
        "Sự kiện",
        "Trạng thái",
        "Số lần thử",
        "Mã phản hồi gần nhất",
        "Phản hồi gần nhất",
        "Lần thử tiếp theo",
    ]
    filters = " ".join(soup.select_one(".changelist-filter").get_text().split())
    for choice in ("Mọi thời điểm", "Hôm nay", "7 ngày qua", "Tháng này", "Năm nay"):
        assert choice in filters
    assert "Any date" not in filters and "Past 7 days" not in filters


def test_the_log_filters_by_status_and_story_and_searches(client, office, sent):
    make_story("Mô hình khác")  # syndication on, but no commit captured: a waiting row

    def titles(**params):
        response = client.get(reverse(LOG), params)
        assert response.status_code == 200
        return sorted(d.story_title for d in response.context["view"].queryset)

    assert titles() == ["Gương sáng Kế Sách", "Mô hình khác"]
    assert titles(status="pending") == ["Gương sáng Kế Sách", "Mô hình khác"]
    assert titles(status="failed") == []
    assert titles(event="story.published") == ["Gương sáng Kế Sách", "Mô hình khác"]
    assert titles(story=str(sent.syndication_uuid)) == ["Gương sáng Kế Sách"]
    assert titles(q="Mô hình") == ["Mô hình khác"]


def test_editors_do_not_see_the_log(client, sent):
    editor = _user("bientap", "Biên tập viên")
    client.force_login(editor)
    assert client.get(reverse(LOG)).status_code in (302, 403)
    assert reverse(LOG) not in client.get(reverse("wagtailadmin_home")).content.decode()
    delivery = SyndicationDelivery.objects.get()
    resend = reverse("exemplar_stories_syndicationdelivery_modeladmin_resend", args=[delivery.pk])
    assert client.post(resend).status_code in (302, 403)
    assert SyndicationDelivery.objects.count() == 1


def test_the_log_is_evidence_the_office_inspects_a_delivery_and_nobody_changes_it(
    client, office, sent
):
    delivery = SyndicationDelivery.objects.get()
    base = "/admin/exemplar_stories/syndicationdelivery/"
    inspect = f"{base}inspect/{delivery.pk}/"
    changes = (f"{base}create/", f"{base}edit/{delivery.pk}/", f"{base}delete/{delivery.pk}/")
    page = client.get(inspect)
    assert page.status_code == 200 and delivery.webhook_id in page.content.decode()
    superuser = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "pw")
    for user in (office, superuser):
        client.force_login(user)
        listing = client.get(reverse(LOG)).content.decode()
        assert inspect in listing
        assert not any(url in listing for url in changes)
        for url in changes:
            assert refused(client.get(url)), url
            assert refused(client.post(url, {"story_title": "Sửa", "status": "delivered"})), url
    after = SyndicationDelivery.objects.get()
    assert (after.story_title, after.status) == (delivery.story_title, delivery.status)
    client.force_login(_user("bientap", "Biên tập viên"))
    assert refused(client.get(inspect))


def test_the_office_resends_a_story(
    client, office, sent, receiver, django_capture_on_commit_callbacks
):
    delivery = SyndicationDelivery.objects.get()
    url = reverse("exemplar_stories_syndicationdelivery_modeladmin_resend", args=[delivery.pk])
    assert client.get(url).status_code == 200  # a confirmation, nothing sent on GET
    assert SyndicationDelivery.objects.count() == 1
    # Still waiting for a retry: it is tried again now, with the same webhook-id.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert receiver.ids == [delivery.webhook_id] * 2
    # Delivered: a fresh delivery of the story as it is now.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    fresh = SyndicationDelivery.objects.latest("pk")
    assert fresh.pk != delivery.pk and fresh.status == DeliveryStatus.DELIVERED
    assert receiver.events[-1] == "story.updated"


def test_a_410_alerts_the_office_on_the_dashboard_until_re_enabled(
    client, office, receiver, django_capture_on_commit_callbacks
):
    receiver.script = [(410, {})]
    with django_capture_on_commit_callbacks(execute=True):
        make_story("Gương sáng")
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-syndication-alert" in home
    assert "data-syndication-alert" in client.get(reverse(LOG)).content.decode()
    reenable = reverse("exemplar_stories_syndicationdelivery_modeladmin_reenable")
    assert client.get(reenable).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reenable).status_code == 302
    assert SyndicationDelivery.objects.get().status == DeliveryStatus.DELIVERED
    assert "data-syndication-alert" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_story_edit_header_shows_its_latest_syndication_status(client, office, sent):
    from django.utils import timezone, translation

    edit_url = reverse("wagtailadmin_pages:edit", args=[sent.pk])
    html = client.get(edit_url).content.decode()
    assert f"?story={sent.syndication_uuid}" in html
    # The receiver answered 500: the publication's delivery waits for its retry.
    assert "Chia sẻ tin bài: Đang chờ — Đã xuất bản (" in html
    SyndicationDelivery.objects.update(status=DeliveryStatus.DELIVERED, delivered_at=timezone.now())
    with translation.override("vi"):
        delivered = str(DeliveryStatus.DELIVERED.label)
    html = client.get(edit_url).content.decode()
    assert f"Chia sẻ tin bài: {delivered} — Đã xuất bản (" in html
    assert "Đang chờ —" not in html


def _resend(client, delivery, django_capture_on_commit_callbacks):
    url = reverse("exemplar_stories_syndicationdelivery_modeladmin_resend", args=[delivery.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302


def test_resending_one_story_sends_that_story_only(
    client, office, receiver, django_capture_on_commit_callbacks
):
    """Two stories wait for their next try in an hour; the Office resends one: that one goes
    now, the other keeps its time (Resend is not a flush of the whole queue)."""
    from datetime import timedelta

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=True):
        make_story("Gương đã gửi")  # the address has answered before: its record is clean
    mine, other = make_story("Gương gửi lại"), make_story("Gương chờ")  # rows, nothing sent
    later = timezone.now() + timedelta(hours=1)
    SyndicationDelivery.objects.filter(page_id__in=[mine.pk, other.pk]).update(
        next_attempt_at=later
    )
    _resend(
        client,
        SyndicationDelivery.objects.get(page_id=mine.pk),
        django_capture_on_commit_callbacks,
    )
    assert receiver.events == ["story.published", "story.published"]
    assert receiver.received[1]["payload"]["id"] == f"urn:uuid:{mine.syndication_uuid}"
    waiting = SyndicationDelivery.objects.get(page_id=other.pk)
    assert waiting.status == DeliveryStatus.PENDING and waiting.next_attempt_at == later


def test_resending_while_the_circuit_is_open_probes_at_once(
    client, office, receiver, django_capture_on_commit_callbacks
):
    """The receiver failed five times (the circuit is open for minutes) and is back: the
    Office's Resend does not wait for the next probe, its story goes now."""
    from django.core.management import call_command

    from exemplar_stories.models import SyndicationTarget

    receiver.default = 503
    stories = [make_story(f"Gương {n}") for n in range(5)]
    call_command("deliver_syndication", verbosity=0)
    target = SyndicationTarget.objects.get(url=receiver.url)
    assert target.failures == 5 and target.open_until is not None
    receiver.default = 200
    _resend(
        client,
        SyndicationDelivery.objects.get(page_id=stories[0].pk),
        django_capture_on_commit_callbacks,
    )
    assert receiver.accepted()
    assert SyndicationDelivery.objects.get(page_id=stories[0].pk).status == DeliveryStatus.DELIVERED


def test_resending_a_deleted_storys_withdrawal_sends_it_at_once(
    client, office, receiver, django_capture_on_commit_callbacks
):
    """A deleted story's withdrawal, resent by the Office, goes out with the click (not at the
    cron's next run), as a new delivery of the same withdrawal."""
    with django_capture_on_commit_callbacks(execute=True):
        story = make_story("Gương đã xóa")
    with django_capture_on_commit_callbacks(execute=True):
        story.delete()
    assert receiver.events == ["story.published", "story.withdrawn"]
    make_story("Gương chờ")  # another story's delivery, due first, waits for its own task
    withdrawal = SyndicationDelivery.objects.get(event="story.withdrawn")
    _resend(client, withdrawal, django_capture_on_commit_callbacks)
    assert receiver.events == ["story.published", "story.withdrawn", "story.withdrawn"]
    assert receiver.received[-1]["payload"]["id"] == f"urn:uuid:{story.syndication_uuid}"
    fresh = SyndicationDelivery.objects.latest("pk")
    assert fresh.pk != withdrawal.pk and fresh.status == DeliveryStatus.DELIVERED
