"""Fixtures of the public room's tests."""

import pytest
from django.db import connection


@pytest.fixture
def search_like_a_large_site(monkeypatch):
    """On PostgreSQL a site's index soon holds more than RECENT_ENTRIES entries: read the newest
    first here too, so that the searches and their query counts are those of such a site (a
    test's stories are a few dozen). The newest entry's id, read once a minute, is read before
    the test: not among its counted queries."""
    from exemplar_stories.public import search as engine

    monkeypatch.setattr(engine, "RECENT_ENTRIES", 1)
    if connection.vendor == "postgresql":
        engine._NEWEST_ENTRY["read_at"] = float("-inf")
        engine._newest_entry_id()
