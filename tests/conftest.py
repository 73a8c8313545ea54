"""Shared fixtures. Tests that need PostgreSQL skip on a laptop but fail under CI=true."""

import os

import pytest
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="YYYY-MM-DD",
        help="run the suite as if today were this date (the clock still ticks): a test that "
        "only passes in the year it was written fails here (make test-clock)",
    )


def pytest_configure(config):
    clock = config.getoption("--clock")
    if clock:
        import freezegun

        # Threads (the syndication lanes) see the moved clock too: freezegun's default list
        # gives real time to code called from threading/queue, so a lane signed with today's
        # time what the receiver checked against the moved one.
        freezegun.configure(
            default_ignore_list=[
                name
                for name in freezegun.config.DEFAULT_IGNORE_LIST
                if name not in ("threading", "queue", "multiprocessing")
            ]
        )
        # Started before Django is set up, so every module sees the moved clock.
        config._clock = freezegun.freeze_time(f"{clock} 09:00:00+07:00", tick=True)
        config._clock.start()


def pytest_unconfigure(config):
    if getattr(config, "_clock", None):
        config._clock.stop()


def require(condition, reason):
    """Skip when a prerequisite is missing, except in CI, where that is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but a prerequisite is missing: {reason}")
    pytest.skip(reason)


@pytest.fixture
def require_postgres(db):
    # .ci/run runs the suite twice and says which pass this is: on the SQLite pass these tests
    # are expected to skip (the PostgreSQL pass runs them, and fails if they cannot run).
    if os.environ.get("CI_DATABASE") == "sqlite" and connection.vendor == "sqlite":
        pytest.skip("runs in CI's PostgreSQL pass")
    require(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL=postgres://…)")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    from django.core.cache import caches

    settings.MEDIA_ROOT = tmp_path / "media"
    # Cached renditions would point at files in another test's MEDIA_ROOT.
    caches["renditions"].clear()
    # Cached lookups (filter menus, the navigation link) and the per-process site memory
    # would otherwise outlive the rolled-back rows of the test that filled them (the public
    # version they are keyed by is rolled back too).
    caches["default"].clear()
    from exemplar_stories.public.sites import forget_memo

    forget_memo()


@pytest.fixture(autouse=True)
def _stories_come_with_consent(request):
    """Every story created in a test (by the factories, through the admin, in the browser
    tests' live server) gets a full consent the moment it is created, as if the editor had
    recorded the signed form: the consent rules (access.consent) then let it be published as
    before. Tests of those rules opt out with @pytest.mark.without_consent."""
    if request.node.get_closest_marker("without_consent"):
        yield
        return
    from django.db.models.signals import post_save

    from exemplar_stories.models import StoryPage

    from .exemplar_stories.support.factories import give_full_consent

    def consent_for_new_story(sender, instance, created, raw=False, **kwargs):
        if created and not raw and isinstance(instance, StoryPage):
            give_full_consent(instance)

    post_save.connect(consent_for_new_story, dispatch_uid="tests-stories-come-with-consent")
    yield
    post_save.disconnect(dispatch_uid="tests-stories-come-with-consent")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_blocker):
    """Mutation testing (.ci/mutation.py) runs one short session per mutant, each in a fork of
    one process. Each session works on its own copy of a database migrated once (a copy costs
    milliseconds, a migration many seconds): forks run side by side, and a test that commits and
    flushes empties its own copy, not the one the next mutant is judged on."""
    template = os.environ.get("MUTATION_TEST_DATABASE")
    if not template:
        yield
        return
    if connection.vendor == "postgresql":
        yield from _postgres_copy(template, django_db_blocker)
        return
    import shutil

    copy = f"{template}.{os.getpid()}"
    shutil.copyfile(template, copy)
    connection.close()  # a fork may hold the parent's connection to the parent's copy
    connection.settings_dict["TEST"]["NAME"] = copy
    try:
        yield
    finally:
        connection.close()
        for leftover in (copy, f"{copy}-journal", f"{copy}-wal", f"{copy}-shm"):
            if os.path.exists(leftover):
                os.remove(leftover)


def _postgres_copy(template, blocker):
    """The PostgreSQL side of django_db_modify_db_settings: the session's database is a copy
    of the template database (.ci/mutation.py, MUTATION_DATABASE_URL), dropped at the end."""
    copy = f"{template}_{os.getpid()}"
    connection.close()

    def run(sql):
        with blocker.unblock(), connection._nodb_cursor() as cursor:  # the maintenance database
            cursor.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{copy}"')
    run(f'CREATE DATABASE "{copy}" TEMPLATE "{template}"')
    connection.settings_dict["TEST"]["NAME"] = copy
    try:
        yield
    finally:
        connection.close()
        run(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


_MIGRATED_STATE = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After the test database is migrated, keep a copy of what the migrations put there (home
    page, default site, seeded fields and awards, groups, workflow)."""
    import json

    from django.db import connection

    with django_db_blocker.unblock():
        rows = json.loads(connection.creation.serialize_db_to_string())
    # Content types first: restoring the other rows may look them up (and create them).
    rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")
    _MIGRATED_STATE["json"] = json.dumps(rows)


@pytest.fixture
def migrated_state(transactional_db):
    """For tests that really commit (live server, several connections): each such test ends with
    a flush that empties every table, so put back the migrated state first if it is gone."""
    from django.core.management import call_command
    from wagtail.models import Site

    if not Site.objects.exists():
        call_command(
            "flush",
            interactive=False,
            verbosity=0,
            inhibit_post_migrate=True,
            reset_sequences=False,
        )
        connection.creation.deserialize_db_from_string(_MIGRATED_STATE["json"])
