"""Demo content for a laptop or a training session: units, movements, users and stories.

Idempotent: every object is looked up by a natural key first, so running it twice adds nothing.
Called by `manage.py load_demo_content`; never by a migration, so demo accounts cannot reach a
production database by accident.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import EmulationMovement, Unit, UnitMembership
from .seed import MOVEMENTS, UNITS
from .text import slugify_vi

DEMO_PASSWORD = "demo12345"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str  # "admin", "reviewer" or "editor"
    unit: str | None = None


DEMO_USERS = [
    DemoUser("admin", "Quản trị", "hệ thống", "admin"),
    DemoUser("vanphong", "Lan", "Nguyễn Thị", "reviewer", "Văn phòng Sở"),
    DemoUser("vanphong2", "Minh", "Trần Văn", "reviewer", "Văn phòng Sở"),
    DemoUser("bientap.kesach", "Hùng", "Lâm Văn", "editor", "Phòng Tư pháp huyện Kế Sách"),
    DemoUser("bientap.thanhtra", "Thảo", "Trương Thị", "editor", "Thanh tra Sở"),
]


def load_units():
    for order, (name, unit_type) in enumerate(UNITS):
        Unit.objects.update_or_create(
            name=name,
            defaults={
                "slug": slugify_vi(name, max_length=100),
                "unit_type": unit_type,
                "sort_order": order,
            },
        )


def load_movements():
    for name, launched_by, start, end in MOVEMENTS:
        EmulationMovement.objects.update_or_create(
            name=name,
            defaults={
                "slug": slugify_vi(name, max_length=100),
                "launched_by": launched_by,
                "start_year": start,
                "end_year": end,
            },
        )


def load_users():
    User = get_user_model()
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@sotuphap.example",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_staff = spec.role == "admin"
        user.is_superuser = spec.role == "admin"
        user.save()
        if spec.unit:
            UnitMembership.objects.update_or_create(
                user=user, defaults={"unit": Unit.objects.get(name=spec.unit)}
            )
        # Role groups are created by the workflow's data migration; later steps add membership.
        for hook in _USER_HOOKS:
            hook(user, spec)


_USER_HOOKS = []


@transaction.atomic
def load_demo_content(*, stdout=None):
    load_units()
    load_movements()
    load_users()
    return {
        "units": Unit.objects.count(),
        "movements": EmulationMovement.objects.count(),
        "users": get_user_model().objects.count(),
    }
