"""The vendor-specific full-text structures, created by migration 0002 on whichever database is in use."""
from __future__ import annotations

from django.db import migrations

from .sql import DOC_TABLE

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "reference, meta, body_raw, body_redacted, filters, tokenize = 'porter unicode61 remove_diacritics 2')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts"]


def _plain(column: str) -> str:
    # PostgreSQL's parser drops text inside <tags> and reads "INC-2025-000123" as signed numbers;
    # neutralising < > - makes those words searchable like any other.
    return f"translate(coalesce({column}, ''), '<>-', '\u2039\u203a ')"


def _vector(body: str) -> str:
    return (
        f"setweight(to_tsvector('english'::regconfig, {_plain('reference')}), 'A')"
        f" || setweight(to_tsvector('english'::regconfig, {_plain('meta')}), 'B')"
        f" || to_tsvector('english'::regconfig, {_plain(body)})"
    )


POSTGRES_VECTOR_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS search_doc_vector_raw ON {DOC_TABLE} USING gin (vector_raw)",
    f"CREATE INDEX IF NOT EXISTS search_doc_vector_redacted ON {DOC_TABLE} USING gin (vector_redacted)",
]
POSTGRES_CREATE = [
    f"ALTER TABLE {DOC_TABLE} ADD COLUMN meta text NOT NULL DEFAULT '',"
    " ADD COLUMN body_raw text NOT NULL DEFAULT '', ADD COLUMN body_redacted text NOT NULL DEFAULT ''",
    f"ALTER TABLE {DOC_TABLE} ADD COLUMN vector_raw tsvector GENERATED ALWAYS AS ({_vector('body_raw')}) STORED,"
    f" ADD COLUMN vector_redacted tsvector GENERATED ALWAYS AS ({_vector('body_redacted')}) STORED",
    *POSTGRES_VECTOR_INDEXES,
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_doc_vector_raw",
    "DROP INDEX IF EXISTS search_doc_vector_redacted",
    f"ALTER TABLE {DOC_TABLE} DROP COLUMN IF EXISTS vector_raw, DROP COLUMN IF EXISTS vector_redacted,"
    " DROP COLUMN IF EXISTS meta, DROP COLUMN IF EXISTS body_raw, DROP COLUMN IF EXISTS body_redacted",
]


class CreateFullTextStructures(migrations.operations.base.Operation):
    """FTS5 on SQLite, tsvector columns with GIN indexes on PostgreSQL; nothing elsewhere.

    Other databases get no structures; the backend's system check says so and search is unavailable.
    """

    reduces_to_sql = True
    reversible = True

    def state_forwards(self, app_label, state):
        pass  # the structures are outside Django's model state

    def _run(self, schema_editor, statements: dict[str, list[str]]):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})

    def describe(self):
        return "Create the full-text structures for this database vendor (FTS5 or tsvector + GIN)"
