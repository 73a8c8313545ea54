"""Keeping the search current when a catalogue's name changes (issue #16).

A story's folded search text (`StoryPage.search_text`, what Wagtail's index holds and the public
search matches on) includes the names of its unit, field and movement. Publishing, unpublishing
and editing a story re-save it, and Wagtail's signal handlers then re-index it; renaming a unit,
field or movement changes no story row, so the stories that name it are recomputed and
re-indexed here, by a task queued when the rename commits (django-tasks: at once in tests and
in-process setups, by the worker in production). `manage.py update_index` rebuilds everything.
"""

from django.db import transaction
from django_tasks import task

from ..models import EmulationMovement, Field, StoryPage, Unit

# Catalogue model → the story's foreign key to it.
RELATIONS = {Unit: "unit", Field: "field", EmulationMovement: "movement"}
SEARCH_COLUMNS = ("search_text", "search_heading", "search_summary")


def reindex_stories(stories):
    """Recompute the search columns of `stories` and update them in Wagtail's search index."""
    from wagtail.search.index import insert_or_update_object

    count = 0
    for story in stories:
        story.fill_derived_fields()
        StoryPage.objects.filter(pk=story.pk).update(
            **{column: getattr(story, column) for column in SEARCH_COLUMNS}
        )
        insert_or_update_object(story)
        count += 1
    return count


@task()
def reindex_stories_naming(model_label, pk):
    """The task: every story whose unit, field or movement is this catalogue entry."""
    model = next(m for m in RELATIONS if m._meta.label_lower == model_label)
    relation = RELATIONS[model]
    stories = (
        StoryPage.objects.filter(**{f"{relation}_id": pk})
        .select_related("unit", "field", "movement")
        .specific()
    )
    return reindex_stories(stories.iterator())


def remember_name(instance):
    """Before a catalogue entry is saved: its name as stored (None for a new one)."""
    model = type(instance)
    instance._name_before_save = (
        model.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
        if instance.pk
        else None
    )


def name_saved(instance, created):
    """After it is saved: a renamed entry re-indexes its stories once the rename commits."""
    before = getattr(instance, "_name_before_save", None)
    if created or before is None or before == instance.name:
        return
    label, pk = instance._meta.label_lower, instance.pk
    transaction.on_commit(lambda: reindex_stories_naming.enqueue(label, pk))
