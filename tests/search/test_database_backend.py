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
            assert [row[0].split(" USING ")[1] for row in cursor.fetchall()] == [
                "gin (COALESCE(vector_raw, vector_redacted))", "gin (vector_redacted)",
            ]
            # The document row stays narrow: the text for excerpts lives in its own table.
            cursor.execute(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_name IN ('search_searchdocument', 'search_searchtext') AND data_type = 'text' ORDER BY 1, 2"
            )
            assert cursor.fetchall() == [
                ("search_searchtext", "body_raw"), ("search_searchtext", "body_redacted"), ("search_searchtext", "meta"),
            ]


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


def test_postgres_filter_words_indexed_by_sql_are_those_queries_look_for(world):
    """Writes make the filter words in SQL (tokens_sql); queries in Python (filter_token). They must agree."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL keeps filter words in its tsvectors; SQLite's FTS5 gets them from Python.")
    from search.backends.database.tokens import document_tokens
    from search.documents import documents_for

    world.incidents["pressure"].learning_response = "swarm"
    world.incidents["pressure"].save()
    documents = documents_for([i.pk for i in world.incidents.values()])
    get_search_backend().index(documents)
    with connection.cursor() as cursor:
        for document in documents:
            cursor.execute(
                "SELECT array_agg(lexeme ORDER BY lexeme) FROM unnest("
                " (SELECT vector_redacted FROM search_searchdocument WHERE incident_id = %s)) WHERE lexeme LIKE 'zz%%'",
                [document.incident_id],
            )
            assert cursor.fetchone()[0] == sorted(document_tokens(document).split())


@pytest.mark.django_db(transaction=True)
def test_postgres_migration_to_the_narrow_row_keeps_the_index_searchable(taxonomy, world):
    if connection.vendor != "postgresql":
        pytest.skip("Migration 0003 changes PostgreSQL structures only.")
    from django.db.migrations.executor import MigrationExecutor

    def migrate(target):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([("search", target)])

    admin_before = get_search_backend().search(build_criteria(user=world.admin, q="wrong harm:low"))
    migrate("0002_full_text_structures")
    backends.reset()
    assert get_search_backend().check() != []  # the 0002 layout is not what this code reads
    migrate("0003_narrow_document_row")
    backends.reset()
    backend = get_search_backend()
    assert backend.check() == []
    for user in (world.admin, world.governance, world.handler):
        page = backend.search(build_criteria(user=user, q="wrong patient"))
        assert {h.incident_id for h in page.hits} >= {world.incidents["identifiers"].pk}
        assert dict(page.facets["harm"])["low"] == 1
    after = backend.search(build_criteria(user=world.admin, q="wrong harm:low"))
    assert [h.incident_id for h in after.hits] == [h.incident_id for h in admin_before.hits] == [world.incidents["identifiers"].pk]
    from tests.search.conftest import VALID_NHS_NUMBER

    assert backend.search(build_criteria(user=world.handler, q=VALID_NHS_NUMBER)).count == 1
    assert backend.search(build_criteria(user=world.governance, q=VALID_NHS_NUMBER)).count == 0


def test_the_ranked_page_is_the_same_in_one_statement_or_two(world, monkeypatch):
    """PostgreSQL scores matches inside the facet statement when its planner expects few enough;
    without that estimate the ranked page is a second statement. Both must give the same page."""
    backend = get_search_backend()
    criteria = build_criteria(user=world.admin, q="patient OR sacrum")
    one = backend.search(criteria)
    monkeypatch.setattr(type(backend.engine), "estimate_matches", lambda self, cursor, from_where, params: None)
    two = backend.search(criteria)
    assert one.count == two.count == 5 and not one.notes and not two.notes
    assert [h.incident_id for h in one.hits] == [h.incident_id for h in two.hits]
    assert [h.score for h in one.hits] == pytest.approx([h.score for h in two.hits])
    assert all(h.score is not None for h in one.hits)


def test_facets_counted_together_equal_one_count_per_facet(world):
    """Facets with few values are counted in one GROUP BY per tuple (status, type, harm; site,
    directorate) and summed per facet; the sums must be each facet's own counts, on both pages."""
    from collections import Counter

    from search.models import SearchDocument

    columns = {"status": "status", "event_type": "event_type", "harm": "harm", "site": "site_id", "directorate": "directorate_id"}
    documents = list(SearchDocument.objects.values(*columns.values(), "occurred_month"))
    expected = {facet: Counter(str(d[column]) for d in documents) for facet, column in columns.items()}
    backend = get_search_backend()
    criteria = build_criteria(user=world.admin, q="")
    for result in (backend.facet(criteria), backend.search(criteria)):
        assert result.count == len(documents) == 7
        assert {facet: dict(values) for facet, values in result.facets.items() if facet != "theme"} == expected
        assert dict(result.histogram) == Counter(d["occurred_month"] for d in documents)
