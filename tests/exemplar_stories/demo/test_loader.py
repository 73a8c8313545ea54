import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from exemplar_stories.models import EmulationMovement, Unit, UnitMembership


def _counts():
    return (
        Unit.objects.count(),
        EmulationMovement.objects.count(),
        get_user_model().objects.count(),
        UnitMembership.objects.count(),
    )


@pytest.mark.django_db
def test_load_demo_content_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)
    first = _counts()
    call_command("load_demo_content", verbosity=0)
    assert _counts() == first
    assert first[0] >= 20  # the Department's units and Sóc Trăng's eleven district offices


@pytest.mark.django_db
def test_load_demo_content_creates_the_demo_users_with_their_units(settings):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    editor = User.objects.get(username="bientap.kesach")
    assert not editor.is_superuser
    assert editor.check_password("demo12345")
    # They work today, for the units the 2019 ones became on 1 July 2025.
    assert editor.unit_membership.unit.name == (
        "Công chức Tư pháp – Hộ tịch các xã khu vực Kế Sách, Châu Thành, Mỹ Tú"
    )
    inspector = User.objects.get(username="bientap.thanhtra")
    assert inspector.unit_membership.unit.name == "Thanh tra Sở Tư pháp thành phố Cần Thơ"
    assert User.objects.filter(username__in=["vanphong", "vanphong2"]).count() == 2


@pytest.mark.django_db
def test_load_demo_content_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo_content", verbosity=0)
    assert not get_user_model().objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_load_demo_content_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False
    call_command("load_demo_content", "--force", verbosity=0)
    assert get_user_model().objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_demo_content_has_stories_in_every_editorial_state(settings):
    from exemplar_stories.models import StoryPage

    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)
    # bientap.kesach's unit: the Kế Sách district office's successor, which holds its stories.
    unit = get_user_model().objects.get(username="bientap.kesach").unit_membership.unit
    stories = StoryPage.objects.filter(unit=unit)
    assert stories.filter(live=True).exists()
    assert any(s.workflow_in_progress for s in stories)  # in review
    assert stories.filter(live=False, go_live_at__isnull=False).exists()  # scheduled
    assert stories.filter(live=False, go_live_at__isnull=True).count() >= 2  # draft, sent back
    User = get_user_model()
    office = User.objects.get(username="vanphong2")
    assert office.groups.filter(name="Văn phòng Sở").exists()
    assert User.objects.get(username="bientap.kesach").groups.filter(name="Biên tập viên").exists()


@pytest.mark.django_db
def test_demo_users_have_the_family_name_as_ho_and_given_names_as_ten():
    from django.contrib.auth import get_user_model

    from exemplar_stories.demo.loader import load_units, load_users

    load_units()
    load_users()
    user = get_user_model().objects.get(username="bientap.kesach")
    assert (user.last_name, user.first_name) == ("Lâm", "Văn Hùng")
    assert user.get_full_name() == "Lâm Văn Hùng"
