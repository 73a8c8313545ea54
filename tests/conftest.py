"""Shared fixtures. Tests that need PostgreSQL skip on a laptop but fail under CI=true."""

import os

import pytest
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() == "true"


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
