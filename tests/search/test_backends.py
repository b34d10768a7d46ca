"""The contract suite against every backend. A backend whose service is absent is skipped, saying why."""
from __future__ import annotations

import os

import pytest
from django.db import connection

from search.backends import get_search_backend

from .contract import BackendContract


class TestSQLiteFTS5Backend(BackendContract):
    @pytest.fixture
    def backend(self, db):
        if connection.vendor != "sqlite":
            pytest.skip(f"SQLite FTS5 runs when the test database is SQLite; this run uses {connection.vendor}.")
        backend = get_search_backend()
        assert backend.label == "SQLite FTS5"
        return backend


class TestPostgresFullTextBackend(BackendContract):
    @pytest.fixture
    def backend(self, db):
        if connection.vendor != "postgresql":
            pytest.skip(
                "PostgreSQL full text runs when the test database is PostgreSQL: "
                "set DATABASE_URL=postgres://postgres@127.0.0.1:5432/vigil_search"
            )
        backend = get_search_backend()
        assert backend.label == "PostgreSQL full text"
        return backend


@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="Elasticsearch contract tests need ELASTICSEARCH_URL (e.g. http://localhost:9200); none is set")
class TestElasticsearchBackend(BackendContract):
    @pytest.fixture
    def backend(self, request, settings):
        from search import indexing

        request.getfixturevalue("world")
        from search.backends import backends

        settings.SEARCH_BACKENDS = {
            "default": {
                "BACKEND": "search.backends.elasticsearch.ElasticsearchSearchBackend",
                "URLS": [os.environ["ELASTICSEARCH_URL"]],
                "INDEX": f"vigil-test-{os.getpid()}",
                "OPTIONS": {"REFRESH": True},
            }
        }
        backends.reset()
        backend = get_search_backend()
        indexing.rebuild(backend=backend)
        yield backend
        backend.drop_all()
