"""What only the database backend does: its run-time vendor choice, schema, rank limit and bulk loads."""
from __future__ import annotations

import pytest
from django.db import connection

from search import indexing
from search.backends import backends, get_search_backend
from search.criteria import build_criteria


def test_vendor_structures_exist_after_migrate(db):
    assert get_search_backend().check() == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'")
            fts = cursor.fetchone()[0]
            assert "fts5" in fts and "porter" in fts
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_searchdocument'")
            assert '"incident_id" integer NOT NULL PRIMARY KEY' in cursor.fetchone()[0]  # the rowid
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'search_doc_vector_%%' ORDER BY 1")
            assert [row[0].split(" USING ")[1] for row in cursor.fetchall()] == ["gin (vector_raw)", "gin (vector_redacted)"]


def test_above_the_rank_limit_results_come_newest_first_with_a_note(world, settings):
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database.DatabaseSearchBackend", "OPTIONS": {"RANK_LIMIT": 3}}}
    backends.reset()
    page = get_search_backend().search(build_criteria(user=world.admin, q="patient"))
    assert page.count == 4 and "newest first" in page.notes[0]
    dates = [next(i.occurred_at for i in world.incidents.values() if i.pk == h.incident_id) for h in page.hits]
    assert dates == sorted(dates, reverse=True)
    assert not get_search_backend().search(build_criteria(user=world.admin, q="insulin")).notes


def test_rebuild_into_an_empty_index_restores_every_structure(world):
    backend = get_search_backend()
    backend.clear()
    report = indexing.rebuild(backend=backend)
    assert report.indexed == 7 and backend.check() == []
    assert backend.search(build_criteria(user=world.admin, q="sacrum")).count == 1


def test_unsupported_database_says_what_to_use_instead(db, monkeypatch):
    backend = get_search_backend()
    from django.db import connections

    monkeypatch.setattr(connections["default"], "vendor", "mysql")
    with pytest.raises(NotImplementedError, match="ElasticsearchSearchBackend"):
        backend.engine


def test_system_check_reports_missing_structures(db):
    from search.checks import search_backend_ready

    assert search_backend_ready(databases=["default"]) == []
    assert search_backend_ready() == []  # like Django's database checks, only when asked with --database
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TABLE search_fts")
        else:
            cursor.execute("DROP INDEX search_doc_vector_raw")
    (warning,) = search_backend_ready(databases=["default"])
    assert warning.id == "search.W002" and "search" in warning.msg
