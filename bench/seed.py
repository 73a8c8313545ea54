"""Bulk-seed published stories under the story index, fast: `python -m bench.seed --total 10000`.

Page.add_child() plus a revision and a publish per story takes minutes for 10,000 stories on two
cores, so this writes the rows directly, in batches of 500, in one transaction:

- the tree columns come from the index (`ExemplarIndexPage.child_tree_positions`: the paths and
  depth `add_child` would give, one after the other); `numchild` is 0, the index's `numchild` is
  raised by the number added, and `url_path` is the index's + slug + "/";
- every story is `live`, without unpublished changes, `first_published_at` spread at random
  over 2019–2026 (so over every quarter); its kind, NFC text, quarter and `search_text` are
  filled by `StoryPage.fill_derived_fields()`, the same method `save()` calls;
- each story gets its wagtailcore_page, exemplar_stories_storypage and kind table rows (one of
  the three kinds at random) via `QuerySet._insert` per table, which is what Django's own
  multi-table `save()` does, batched;
- no revisions, no Wagtail search-index entries and no reference-index rows; the public
  search reads Wagtail's index, so run `manage.py update_index` afterwards (bench/run.py and
  bench/search.py do); the admin still opens these pages.

Ids are given explicitly and PostgreSQL's sequence is reset afterwards. The page cache version is
bumped at the end, so a running site shows the new stories at once.
"""

import argparse
import datetime
import random
import uuid

from bench.common import setup_django

setup_django()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F, Max  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402
from wagtail.rich_text import RichText  # noqa: E402

from exemplar_stories.models import (  # noqa: E402
    EmulationMovement,
    ExemplarIndexPage,
    ExemplarPage,
    Field,
    NewFactorPage,
    NewModelPage,
    PublishedStoryState,
    StoryPage,
    Unit,
)
from exemplar_stories.public import page_cache  # noqa: E402
from exemplar_stories.public.purge import RELATED_CANDIDATES  # noqa: E402
from exemplar_stories.public.surrogate_keys import listing_values  # noqa: E402

BATCH = 500
START = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
END = datetime.datetime(2026, 6, 30, tzinfo=datetime.UTC)
NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Phúc", "Phạm Thị Hồng", "Thạch Sô Phol"]
TOPICS = [
    "hộ tịch",
    "trợ giúp pháp lý",
    "phổ biến, giáo dục pháp luật",
    "công chứng",
    "hòa giải ở cơ sở",
    "thanh tra",
]
PARAGRAPHS = [
    "Trong nhiều năm liền, {name} luôn hoàn thành xuất sắc nhiệm vụ về {topic}, được người "
    "dân tin yêu và đồng nghiệp quý mến.",
    "Mô hình đã được nhân rộng ở nhiều xã, thị trấn, góp phần đưa pháp luật đến gần hơn với "
    "người dân vùng sâu, vùng xa, đồng bào dân tộc Khmer.",
    "Việc ứng dụng công nghệ thông tin giúp rút ngắn thời gian giải quyết thủ tục hành chính, "
    "giảm chi phí đi lại cho người dân.",
]


def build(cls, *, pk, index, position, unit, field, movement, moment, locale_id, content_type_id):
    n = pk
    name = NAMES[n % len(NAMES)]
    topic = TOPICS[n % len(TOPICS)]
    title = f"{name}: tấm gương về {topic} (câu chuyện số {n})"
    slug = f"cau-chuyen-{n}"
    summary = f"Câu chuyện về {name}, {topic}, {unit.name}."
    paragraphs = [p.format(name=name, topic=topic) for p in PARAGRAPHS]
    page = cls(
        id=pk,
        title=title,
        draft_title=title,
        slug=slug,
        path=position[0],
        depth=position[1],
        numchild=0,
        url_path=f"{index.url_path}{slug}/",
        live=True,
        has_unpublished_changes=False,
        first_published_at=moment,
        last_published_at=moment,
        latest_revision_created_at=moment,
        content_type_id=content_type_id,
        locale_id=locale_id,
        translation_key=uuid.uuid4(),
        subject_kind="collective" if n % 3 == 0 else "individual",
        subject_name=name,
        subject_position=f"Công chức {topic}",
        unit=unit,
        field=field,
        movement=movement,
        summary=summary,
        body=[("paragraph", RichText(f"<p>{p}</p>")) for p in paragraphs],
    )
    page.fill_derived_fields()  # kind, NFC, quarter, search text: what save() would fill
    page.criterion_achievement = (
        f"Hoàn thành xuất sắc nhiệm vụ {topic} năm {page.quarter_year}."  # the story's year
    )
    page.page_ptr_id = pk
    page.storypage_ptr_id = pk
    return page


def write_published_states(seeded, index):
    """What publishing writes for each story (public/purge.py): where it is listed, and its
    related stories, the newest of its unit or field already published when it was."""
    recent_by_unit, recent_by_field, states = {}, {}, []
    for moment, pk, unit_id, field_id, values in sorted(seeded):
        unit_recent = recent_by_unit.setdefault(unit_id, [])
        field_recent = recent_by_field.setdefault(field_id, []) if field_id else []
        related = [pk for _, pk in sorted(set(unit_recent) | set(field_recent), reverse=True)]
        states.append(
            PublishedStoryState(
                story_id=pk,
                related_ids=related[:RELATED_CANDIDATES],
                listed_as={"index": index.pk, "values": values},
            )
        )
        for recent in (unit_recent, field_recent) if field_id else (unit_recent,):
            recent.append((moment, pk))
            del recent[:-RELATED_CANDIDATES]
    PublishedStoryState.objects.bulk_create(states, batch_size=BATCH)


def insert(objs, models):
    for model in models:
        model._base_manager._insert(
            objs, fields=model._meta.local_concrete_fields, raw=True, using="default"
        )


@transaction.atomic
def seed(total, seed_value=2019):
    rng = random.Random(seed_value)
    index = ExemplarIndexPage.objects.live().first()
    existing = StoryPage.objects.child_of(index).count()
    need = total - existing
    if need <= 0:
        return 0
    positions = index.child_tree_positions(need)
    next_id = (Page.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    locale_id = Locale.get_default().pk
    kinds = [ExemplarPage, NewModelPage, NewFactorPage]
    content_types = {cls: ContentType.objects.get_for_model(cls).pk for cls in kinds}
    units, fields = list(Unit.objects.all()), list(Field.objects.all())
    movements = list(EmulationMovement.objects.all())
    span = (END - START).total_seconds()
    batches = {cls: [] for cls in kinds}

    seeded = []  # (moment, pk, unit_id, field_id, listing values) for their published state

    def flush(cls):
        insert(batches[cls], [Page, StoryPage, cls])
        seeded.extend(
            (p.first_published_at, p.pk, p.unit_id, p.field_id, listing_values(p))
            for p in batches[cls]
        )
        batches[cls] = []

    for i in range(need):
        cls = kinds[rng.randrange(3)]
        moment = START + datetime.timedelta(seconds=rng.uniform(0, span))
        batches[cls].append(
            build(
                cls,
                pk=next_id + i,
                index=index,
                position=positions[i],
                unit=rng.choice(units),
                field=rng.choice(fields) if fields else None,
                movement=rng.choice(movements) if movements and rng.random() < 0.6 else None,
                moment=moment,
                locale_id=locale_id,
                content_type_id=content_types[cls],
            )
        )
        if len(batches[cls]) >= BATCH:
            flush(cls)
    for cls in kinds:
        if batches[cls]:
            flush(cls)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + need)
    write_published_states(seeded, index)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Page]):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    transaction.on_commit(page_cache.invalidate_public_pages)  # cached pages and counts
    return need


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, required=True, help="stories wanted in the index")
    args = parser.parse_args()
    added = seed(args.total)
    print(f"seeded {added} stories (index now holds {args.total} or more)")


if __name__ == "__main__":
    main()
