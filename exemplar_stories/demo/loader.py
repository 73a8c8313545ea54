"""Demo content for a laptop or a training session: units, movements, users and stories.

Idempotent: every object is looked up by a natural key first, so running it twice adds nothing.
Called by `manage.py load_demo_content`; never by a migration, so demo accounts cannot reach a
production database by accident.
"""

import datetime
import io
import random
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.admin import signal_handlers as wagtail_admin_signal_handlers
from wagtail.images import get_image_model
from wagtail.models import Site, TaskState, WorkflowState
from wagtail.rich_text import RichText
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from ..consent import services as consent_services
from ..core.choices import SubjectKind
from ..core.conf import get_setting
from ..core.quarters import PORTAL_TZ
from ..core.reference_data import (
    DISTRICT_END_BASIS,
    MERGER_BASIS,
    MERGER_DATE,
    MOVEMENTS,
    SUCCESSORS_2025,
    UNITS,
    UNITS_2025,
)
from ..core.text import slugify_vi
from ..models import (
    WITHDRAW_ALL,
    Award,
    ConsentMethod,
    ConsentWithdrawal,
    EmulationMovement,
    ExemplarIndexPage,
    ExemplarPage,
    Field,
    NewFactorPage,
    NewModelPage,
    NomineeAward,
    Registration,
    RegistrationYear,
    StoryAward,
    StoryPage,
    Unit,
    UnitMembership,
    nominee_key,
)
from ..models.unit_history import current_successors
from ..registrations.services import link_existing_story
from ..taxonomy.services import record_unit_change
from .data import CLOSED_REGISTRATION_YEARS, REGISTRATIONS, STORIES

INDEX_SLUG = "dien-hinh-tien-tien"
PAGE_CLASSES = {"exemplar": ExemplarPage, "new_model": NewModelPage, "new_factor": NewFactorPage}

DEMO_PASSWORD = "demo12345"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str  # "admin", "reviewer" or "editor"
    unit: str | None = None  # as named in 2019; they work for what it became (current_unit)


DEMO_USERS = [
    # As staff enter them: Tên (first_name) is the given names, Họ (last_name) the family name;
    # the portal shows them family name first (core.people): "Lâm" + "Văn Hùng" → "Lâm Văn Hùng".
    DemoUser("admin", "hệ thống", "Quản trị", "admin"),
    DemoUser("vanphong", "Thị Lan", "Nguyễn", "reviewer", "Văn phòng Sở"),
    DemoUser("vanphong2", "Văn Minh", "Trần", "reviewer", "Văn phòng Sở"),
    DemoUser("bientap.kesach", "Văn Hùng", "Lâm", "editor", "Phòng Tư pháp huyện Kế Sách"),
    DemoUser("bientap.thanhtra", "Thị Thảo", "Trương", "editor", "Thanh tra Sở"),
]


def load_units():
    """The 2019 Sóc Trăng units, the merged Department's units from 1 July 2025, and the change
    between them, recorded as the Office records one (`taxonomy.services`)."""
    for order, (name, unit_type) in enumerate(UNITS):
        Unit.objects.update_or_create(
            name=name,
            defaults={
                "slug": slugify_vi(name, max_length=100),
                "unit_type": unit_type,
                "sort_order": 100 + order,
            },
        )
    merger = datetime.date.fromisoformat(MERGER_DATE)
    for order, (name, unit_type) in enumerate(UNITS_2025):
        Unit.objects.get_or_create(
            name=name,
            defaults={
                "slug": slugify_vi(name, max_length=100),
                "unit_type": unit_type,
                "sort_order": order,
                "valid_from": merger,
            },
        )
    by_successor = {}
    for former, successor in SUCCESSORS_2025.items():
        by_successor.setdefault(successor, []).append(former)
    for successor_name, former_names in by_successor.items():
        successor = Unit.objects.get(name=successor_name)
        formers = list(Unit.objects.filter(name__in=former_names, active=True))
        if not formers:
            continue  # recorded on an earlier load
        district = formers[0].unit_type == "district_office"
        number, date, issuer = DISTRICT_END_BASIS if district else MERGER_BASIS
        record_unit_change(
            units=formers,
            kind="merged_into",
            successors=[successor],
            effective_date=merger,
            decision_number=number,
            decision_date=datetime.date.fromisoformat(date) if date else None,
            issued_by=issuer,
        )


def current_unit(name):
    """The unit named `name` (the demo data name the 2019 units), or the one it became: the
    demo's staff work today, for the merged Department's units."""
    unit = Unit.objects.get(name=name)
    successors = current_successors(unit.pk)
    return Unit.objects.get(pk=successors.pop()) if len(successors) == 1 else unit


def unit_at(name, day):
    """The unit a story or registration of `day` is written for: the 2019 unit before the
    merger, its successor from 1 July 2025 (the demo data name the 2019 units)."""
    if day >= datetime.date.fromisoformat(MERGER_DATE) and name in SUCCESSORS_2025:
        name = SUCCESSORS_2025[name]
    return Unit.objects.get(name=name)


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
            username=spec.username, defaults={"email": f"{spec.username}@sotuphap.example"}
        )
        # Set on every load: a demo loaded before the names were fixed gets them right too.
        user.first_name, user.last_name = spec.first_name, spec.last_name
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_staff = spec.role == "admin"
        user.is_superuser = spec.role == "admin"
        user.save()
        if spec.unit:
            UnitMembership.objects.update_or_create(
                user=user, defaults={"unit": current_unit(spec.unit)}
            )
        # The groups come from the editorial data migration (0005); names from settings.
        role_group = {"reviewer": "REVIEWER_GROUP", "editor": "EDITOR_GROUP"}.get(spec.role)
        if role_group:
            user.groups.add(Group.objects.get(name=get_setting(role_group)))


def load_index():
    """The stories' index under the site's root page, slug `dien-hinh-tien-tien`."""
    root = Site.objects.get(is_default_site=True).root_page
    index = ExemplarIndexPage.objects.child_of(root).first()
    if index is None:
        index = ExemplarIndexPage(
            title="Điển hình tiên tiến",
            slug=INDEX_SLUG,
            intro=(
                "Gương điển hình tiên tiến, mô hình mới, nhân tố mới trong các phong trào thi "
                "đua yêu nước ngành Tư pháp."
            ),
        )
        root.add_child(instance=index)
        index.save_revision().publish()
    return index


def demo_image(title, seed):
    """A generated 1200×800 picture (no download): soft gradient bands and the story's initials."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    base = (rng.randint(90, 180), rng.randint(40, 120), rng.randint(40, 120))
    img = Image.new("RGB", (1200, 800), base)
    draw = ImageDraw.Draw(img)
    for i in range(8):
        shade = tuple(min(255, c + 12 * i) for c in base)
        draw.rectangle([0, i * 100, 1200, i * 100 + 100], fill=shade)
    for _ in range(6):
        x, y, r = rng.randint(0, 1200), rng.randint(0, 800), rng.randint(60, 220)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=6)
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", quality=82)
    ImageModel = get_image_model()
    image = ImageModel(title=title)
    image.file = ImageFile(buffer, name=f"demo-{slugify_vi(title, max_length=60)}.jpg")
    image.save()
    return image


def _story_body(paragraphs, spec):
    blocks = [("paragraph", RichText("".join(f"<p>{p}</p>" for p in paragraphs)))]
    blocks.append(("quote", {"text": paragraphs[0][:180], "attribution": spec["subject_name"]}))
    return blocks


def load_stories():
    index = load_index()
    awards = {a.name: a for a in Award.objects.all()}
    units = {u.name: u for u in Unit.objects.all()}
    fields = {f.name: f for f in Field.objects.all()}
    movements = list(EmulationMovement.objects.order_by("pk"))
    by_name = {m.name: m for m in movements}
    created = 0
    for number, spec in enumerate(STORIES):
        slug = slugify_vi(spec["title"], max_length=80)
        if StoryPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        cls = PAGE_CLASSES[spec["kind"]]
        movement = (
            by_name.get(MOVEMENTS[spec["movement"]][0]) if spec["movement"] is not None else None
        )
        page = cls(
            title=spec["title"],
            slug=slug,
            subject_kind=spec["subject_kind"],
            subject_name=spec["subject_name"],
            subject_position=spec["position"],
            unit=unit_at(spec["unit"], datetime.date.fromisoformat(spec["published"][:10])),
            field=fields.get(spec["field"]),
            movement=movement,
            summary=spec["summary"],
            hero_image=demo_image(spec["title"], number),
            hero_image_alt=f"Ảnh minh họa: {spec['subject_name']}",
            body=_story_body(spec["paragraphs"], spec),
            criterion_achievement=spec["criteria"][0],
            criterion_observance=spec["criteria"][1],
            criterion_compassion=spec["criteria"][2],
            target_award=awards.get(spec["target"]) if spec["target"] else None,
            publicity_forms=["portal", "articles"],
        )
        if cls is NewModelPage:
            page.scope = spec["model"]["scope"]
            page.applied_where = spec["model"]["where"]
            page.applied_since = datetime.date.fromisoformat(spec["model"]["since"])
        if cls is NewFactorPage:
            page.emerging_since = datetime.date.fromisoformat(spec["factor"]["since"])
        if cls is ExemplarPage:
            page.achievement_from_year, page.achievement_to_year = 2019, 2025
        page.story_awards = [
            StoryAward(award=awards[a], year=y, decision_number=d, issuer=i)
            for a, y, d, i in spec["awards"]
        ]
        index.add_child(instance=page)
        if cls is NewModelPage:
            page.replicated_by.set([units[name] for name in spec["model"]["replicated"]])
        give_demo_consent(page, spec["published"])
        page.save_revision().publish(skip_permission_checks=True)  # seeded content
        # Backdate the publication so the demo spreads over quarters (publish() stamps "now").
        moment = datetime.datetime.fromisoformat(spec["published"]).replace(tzinfo=PORTAL_TZ)
        page = StoryPage.objects.get(pk=page.pk).specific
        page.first_published_at = page.last_published_at = moment
        page.save(update_fields=None)
        created += 1
    return created


def give_demo_consent(page, published):
    """The signed consent form behind a demo story (a week before it went out): every scope.
    For a collective, its head signs."""
    recorder = get_user_model().objects.filter(username="vanphong").first()
    collective = page.subject_kind == SubjectKind.COLLECTIVE
    given_on = datetime.date.fromisoformat(published[:10]) - datetime.timedelta(days=7)
    return consent_services.record_consent(
        story=page,
        user=recorder,
        given_by="Trần Minh Tâm" if collective else page.subject_name,
        given_by_position=f"Người đứng đầu, thay mặt {page.subject_name}" if collective else "",
        portal=True,
        home_affairs=True,
        photos=True,
        given_on=given_on,
        method=ConsentMethod.SIGNED_FORM,
    )


# The demo's withdrawn story: its subject asked for it to be taken down (one Office action).
WITHDRAWN_DEMO_TITLE_INDEX = -1
WITHDRAWN_DEMO_REASON = "Người được nêu trong bài đề nghị gỡ bài (dữ liệu minh họa)."


def load_withdrawal():
    """One published demo story whose consent was withdrawn (whole): off the portal."""
    slug = slugify_vi(STORIES[WITHDRAWN_DEMO_TITLE_INDEX]["title"], max_length=80)
    story = StoryPage.objects.filter(slug=slug).first()
    if story is None or ConsentWithdrawal.objects.filter(consent__story=story).exists():
        return None
    office = get_user_model().objects.get(username="vanphong")
    return consent_services.withdraw_consent(
        story=story, scope=WITHDRAW_ALL, reason=WITHDRAWN_DEMO_REASON, user=office
    )


# (state, title, summary) — stories by bientap.kesach in every state of the editorial flow.
WORKFLOW_DEMO = [
    ("draft", "Bản nháp: Tổ hòa giải ấp Đông Hải", "Bài đang viết, chưa gửi duyệt."),
    ("in_review", "Tổ tư vấn pháp luật lưu động xã Phong Nẫm", "Bài đã gửi Văn phòng Sở duyệt."),
    (
        "sent_back",
        "Cán bộ hộ tịch tận tụy ở xã Nhơn Mỹ",
        "Bài được Văn phòng Sở trả lại để chỉnh sửa.",
    ),
    ("scheduled", "Gương sáng Ngày Pháp luật ở Kế Sách", "Bài đã duyệt, hẹn giờ đăng."),
]


def load_workflow_states():
    """One story in each state: draft, in review, sent back, scheduled (published ones exist)."""
    User = get_user_model()
    editor = User.objects.get(username="bientap.kesach")
    reviewer = User.objects.get(username="vanphong")
    index = load_index()
    unit = editor.unit_membership.unit
    for state, title, summary in WORKFLOW_DEMO:
        slug = slugify_vi(title, max_length=80)
        if StoryPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        page = ExemplarPage(
            title=title,
            slug=slug,
            subject_name="Tập thể công chức Tư pháp – Hộ tịch xã Kế Sách",
            subject_kind="collective",
            unit=unit,
            summary=summary,
            live=False,
            owner=editor,
        )
        if state == "scheduled":
            # Relative to today, so the demo's scheduled story stays in the future whenever
            # the demo is loaded (a fixed date silently became "published at once").
            go_live_day = timezone.localdate() + datetime.timedelta(days=30)
            page.go_live_at = datetime.datetime.combine(
                go_live_day, datetime.time(8, 0), tzinfo=PORTAL_TZ
            )
        index.add_child(instance=page)
        # The story in review waits for its consent form (the Office cannot approve it yet).
        if state in ("sent_back", "scheduled"):
            give_demo_consent(page, timezone.localdate().isoformat())
        page.save_revision(user=editor)
        if state == "draft":
            continue
        workflow_state = page.get_workflow().start(page, editor)
        task_state = workflow_state.current_task_state.specific
        if state == "sent_back":
            task_state.task.specific.on_action(
                task_state,
                reviewer,
                "reject",
                comment="Đề nghị bổ sung số liệu của năm và ảnh minh họa.",
            )
        elif state == "scheduled":
            task_state.task.specific.on_action(task_state, reviewer, "approve")


def load_registrations():
    """Two years of registrations, linked to the stories about their nominees; 2025 closed."""
    awards = {a.name: a for a in Award.objects.all()}
    for spec in REGISTRATIONS:
        year, unit, nominee_kind, name, position, kind, registered, target, status, history = spec
        registration, created = Registration.objects.get_or_create(
            year=year,
            unit=unit_at(unit, datetime.date(year, 1, 1)),
            nominee_key=nominee_key(name),
            defaults={
                "nominee_kind": nominee_kind,
                "nominee_name": name,
                "nominee_position": position,
                "kind": kind,
                "registered_award": awards[registered],
                "target_award": awards[target],
                "status": status,
            },
        )
        if created and link_existing_story(registration=registration):
            # Linking marks it "introduced on the portal"; keep a later status of the demo.
            if status not in ("registered", "following"):
                registration.status = status
                registration.save(update_fields=["status"])
        for award, award_year, decision, issuer in history:
            NomineeAward.objects.get_or_create(
                registration=registration,
                award=awards[award],
                year=award_year,
                defaults={"decision_number": decision, "issuer": issuer},
            )
    for year in {spec[0] for spec in REGISTRATIONS}:
        RegistrationYear.objects.get_or_create(
            year=year, defaults={"closed": year in CLOSED_REGISTRATION_YEARS}
        )


# Wagtail's workflow emails, as wagtail.admin.signal_handlers connects them (signal, receiver,
# sender, dispatch_uid).
WORKFLOW_NOTIFICATIONS = [
    (
        task_submitted,
        wagtail_admin_signal_handlers.task_submission_email_notifier,
        TaskState,
        "group_approval_task_submitted_email_notification",
    ),
    (
        workflow_submitted,
        wagtail_admin_signal_handlers.workflow_submission_email_notifier,
        WorkflowState,
        "workflow_state_submitted_email_notification",
    ),
    (
        workflow_rejected,
        wagtail_admin_signal_handlers.workflow_rejection_email_notifier,
        WorkflowState,
        "workflow_state_rejected_email_notification",
    ),
    (
        workflow_approved,
        wagtail_admin_signal_handlers.workflow_approval_email_notifier,
        WorkflowState,
        "workflow_state_approved_email_notification",
    ),
]


@contextmanager
def workflow_emails_off():
    """Wagtail's workflow notifications, disconnected for the duration (and connected again
    after only if they were connected before)."""
    disconnected = [
        (signal, receiver, sender, uid)
        for signal, receiver, sender, uid in WORKFLOW_NOTIFICATIONS
        if signal.disconnect(sender=sender, dispatch_uid=uid)
    ]
    try:
        yield
    finally:
        for signal, receiver, sender, uid in disconnected:
            signal.connect(receiver, sender=sender, dispatch_uid=uid)


@transaction.atomic
def load_demo_content(*, stdout=None):
    # The demo's workflow steps would email the demo users; nobody reads those.
    with workflow_emails_off():
        return _load_demo_content()


def _load_demo_content():
    load_units()
    load_movements()
    load_users()
    load_stories()
    load_workflow_states()
    load_withdrawal()
    load_registrations()
    return {
        "units": Unit.objects.count(),
        "movements": EmulationMovement.objects.count(),
        "users": get_user_model().objects.count(),
        "stories": StoryPage.objects.live().count(),
        "registrations": Registration.objects.count(),
    }
