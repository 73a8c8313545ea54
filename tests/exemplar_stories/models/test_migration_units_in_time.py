"""Migration 0010 (units and rules in time) on a copy of the demo database: every story,
registration, award and unit is still there afterwards, each story and registration with the
unit it had (SQLite here; PostgreSQL in CI's PostgreSQL pass, or with DATABASE_URL set)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("exemplar_stories", "0009_syndication_circuit")]
AFTER = [("exemplar_stories", "0010_units_and_rules_in_time")]
COUNTED = [
    "StoryPage",
    "ExemplarPage",
    "NewModelPage",
    "NewFactorPage",
    "StoryAward",
    "Registration",
    "NomineeAward",
    "RegistrationYear",
    "Unit",
    "UnitMembership",
    "Award",
    "Field",
    "EmulationMovement",
]


def snapshot(apps):
    model = lambda name: apps.get_model("exemplar_stories", name)  # noqa: E731
    return {
        "counts": {name: model(name).objects.count() for name in COUNTED},
        "story_units": dict(model("StoryPage").objects.values_list("pk", "unit_id")),
        "registration_units": dict(model("Registration").objects.values_list("pk", "unit_id")),
        "held": sorted(
            model("NomineeAward").objects.values_list("registration_id", "award_id", "year")
        ),
        "unit_names": dict(model("Unit").objects.values_list("pk", "name")),
    }


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_the_migration_keeps_every_row_of_the_demo_database(migrated_state):
    from exemplar_stories.demo.loader import load_demo_content

    load_demo_content()
    try:
        old = snapshot(migrate(BEFORE))  # the demo database as it was before this migration
        assert old["counts"]["StoryPage"] > 10 and old["counts"]["Registration"] > 10
        new_apps = migrate(AFTER)
        assert snapshot(new_apps) == old
        # And the rules now carry their period and legal basis.
        rules = new_apps.get_model("exemplar_stories", "AwardRule").objects
        assert rules.filter(from_year=2024, legal_basis__contains="06/2022/QH15").count() >= 3
        assert rules.filter(to_year=2023, legal_basis__contains="2003").count() >= 3
    finally:
        # Back to every leaf (the other 0010s too), as the rest of the suite expects.
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
