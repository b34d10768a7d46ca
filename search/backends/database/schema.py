"""The vendor-specific full-text structures, made by migrations 0002 and 0003 on whichever database is in use."""
from __future__ import annotations

from django.db import migrations

from .sql import DOC_TABLE, THEME_TABLE

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "reference, meta, body_raw, body_redacted, filters, tokenize = 'porter unicode61 remove_diacritics 2')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts"]


def _plain(column: str) -> str:
    # PostgreSQL's parser drops text inside <tags> and reads "INC-2025-000123" as signed numbers;
    # neutralising < > - makes those words searchable like any other.
    return f"translate(coalesce({column}, ''), '<>-', '\u2039\u203a ')"


def vector_sql(reference: str, meta: str, body: str, tokens: str | None = None) -> str:
    """The weighted tsvector of one document: reference (A), names and labels (B), text (D), and the
    filter words (`tokens`, see tokens.py) through the 'simple' configuration, so none is stemmed."""
    vector = (
        f"setweight(to_tsvector('english'::regconfig, {_plain(reference)}), 'A')"
        f" || setweight(to_tsvector('english'::regconfig, {_plain(meta)}), 'B')"
        f" || to_tsvector('english'::regconfig, {_plain(body)})"
    )
    return f"{vector} || to_tsvector('simple'::regconfig, {tokens})" if tokens else vector


def _token(prefix: str, value: str) -> str:
    return f"'zz{prefix}' || regexp_replace(lower(({value})::text), '[^a-z0-9]', '', 'g') || '0'"


def tokens_sql(a: str) -> str:
    """SQL for tokens.document_tokens() of the document row aliased `a` (with `a.themes` a text[])."""
    parts = [
        _token("harm", f"{a}.harm"), _token("status", f"{a}.status"), _token("type", f"{a}.event_type"),
        _token("response", f"COALESCE(NULLIF({a}.learning_response, ''), 'none')"), _token("site", f"{a}.site_id"),
        _token("dir", f"{a}.directorate_id"), _token("loc", f"{a}.location_id"),
        _token("spec", f"COALESCE({a}.specialty_id::text, 'none')"),
        f"array_to_string(ARRAY(SELECT {_token('theme', 'th')} FROM unnest({a}.themes) AS th), ' ')",
    ]
    return "concat_ws(' ', " + ", ".join(parts) + ")"


def _vector(body: str) -> str:
    return vector_sql("reference", "meta", body)


TEXT_TABLE = "search_searchtext"
# What a search with identifiers (raw) matches: the raw vector where the text had something to
# redact, else the redacted one (they are then the same). Queries and the index use this exact text.
RAW_VECTOR = "COALESCE(d.vector_raw, d.vector_redacted)"

POSTGRES_VECTOR_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS search_doc_vector_raw ON {DOC_TABLE} USING gin ((COALESCE(vector_raw, vector_redacted)))",
    f"CREATE INDEX IF NOT EXISTS search_doc_vector_redacted ON {DOC_TABLE} USING gin (vector_redacted)",
]
# 0002: text, and tsvectors generated from it, on the document table itself.
_POSTGRES_0002_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS search_doc_vector_raw ON {DOC_TABLE} USING gin (vector_raw)",
    f"CREATE INDEX IF NOT EXISTS search_doc_vector_redacted ON {DOC_TABLE} USING gin (vector_redacted)",
]
POSTGRES_CREATE = [
    f"ALTER TABLE {DOC_TABLE} ADD COLUMN meta text NOT NULL DEFAULT '',"
    " ADD COLUMN body_raw text NOT NULL DEFAULT '', ADD COLUMN body_redacted text NOT NULL DEFAULT ''",
    f"ALTER TABLE {DOC_TABLE} ADD COLUMN vector_raw tsvector GENERATED ALWAYS AS ({_vector('body_raw')}) STORED,"
    f" ADD COLUMN vector_redacted tsvector GENERATED ALWAYS AS ({_vector('body_redacted')}) STORED",
    *_POSTGRES_0002_INDEXES,
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_doc_vector_raw",
    "DROP INDEX IF EXISTS search_doc_vector_redacted",
    f"ALTER TABLE {DOC_TABLE} DROP COLUMN IF EXISTS vector_raw, DROP COLUMN IF EXISTS vector_redacted,"
    " DROP COLUMN IF EXISTS meta, DROP COLUMN IF EXISTS body_raw, DROP COLUMN IF EXISTS body_redacted",
]

# 0003: a narrow document table. A GIN match yields row addresses, so every match costs a visit to
# the row; with the text on the same row that visit read about 2 kB (and, for the facets, most of a
# page per match). Now the document row holds only what a search reads per match -- filter and facet
# columns, the theme slugs and the redacted tsvector, plus the raw tsvector only where it differs --
# and the text for excerpts lives in its own table, read for the page of hits only. The vectors
# also hold the filter words (tokens.py), so that scope and filters are intersected inside the GIN
# index rather than through a second (and, at this size, lossy) bitmap from a B-tree.
POSTGRES_NARROW = [
    f"CREATE TABLE {TEXT_TABLE} (incident_id bigint PRIMARY KEY, meta text NOT NULL DEFAULT '',"
    " body_raw text NOT NULL DEFAULT '', body_redacted text NOT NULL DEFAULT '')",
    f"INSERT INTO {TEXT_TABLE} (incident_id, meta, body_raw, body_redacted)"
    f" SELECT incident_id, meta, body_raw, body_redacted FROM {DOC_TABLE}",
    "DROP INDEX IF EXISTS search_doc_vector_raw",
    "DROP INDEX IF EXISTS search_doc_vector_redacted",
    f"ALTER TABLE {DOC_TABLE} DROP COLUMN vector_raw, DROP COLUMN vector_redacted,"
    " DROP COLUMN meta, DROP COLUMN body_raw, DROP COLUMN body_redacted,"
    " ADD COLUMN vector_redacted tsvector, ADD COLUMN vector_raw tsvector,"
    " ADD COLUMN themes text[] NOT NULL DEFAULT '{}'",
    # Existing entries keep working; rewriting the table into a fresh file is search_rebuild's job
    # (or VACUUM FULL), since the rows left behind by the dropped columns only cost space.
    f"UPDATE {DOC_TABLE} d SET"
    f" themes = ARRAY(SELECT th.theme FROM {THEME_TABLE} th WHERE th.incident_id = d.incident_id ORDER BY th.theme)",
    f"UPDATE {DOC_TABLE} d SET"
    f" vector_redacted = {vector_sql('d.reference', 't.meta', 't.body_redacted', tokens_sql('d'))},"
    f" vector_raw = CASE WHEN t.body_raw = t.body_redacted THEN NULL"
    f" ELSE {vector_sql('d.reference', 't.meta', 't.body_raw', tokens_sql('d'))} END"
    f" FROM {TEXT_TABLE} t WHERE t.incident_id = d.incident_id",
    *POSTGRES_VECTOR_INDEXES,
]
POSTGRES_NARROW_UNDO = [
    "DROP INDEX IF EXISTS search_doc_vector_raw",
    "DROP INDEX IF EXISTS search_doc_vector_redacted",
    f"ALTER TABLE {DOC_TABLE} DROP COLUMN vector_raw, DROP COLUMN vector_redacted, DROP COLUMN themes,"
    " ADD COLUMN meta text NOT NULL DEFAULT '',"
    " ADD COLUMN body_raw text NOT NULL DEFAULT '', ADD COLUMN body_redacted text NOT NULL DEFAULT ''",
    f"UPDATE {DOC_TABLE} d SET meta = t.meta, body_raw = t.body_raw, body_redacted = t.body_redacted"
    f" FROM {TEXT_TABLE} t WHERE t.incident_id = d.incident_id",
    f"ALTER TABLE {DOC_TABLE} ADD COLUMN vector_raw tsvector GENERATED ALWAYS AS ({_vector('body_raw')}) STORED,"
    f" ADD COLUMN vector_redacted tsvector GENERATED ALWAYS AS ({_vector('body_redacted')}) STORED",
    *_POSTGRES_0002_INDEXES,
    f"DROP TABLE {TEXT_TABLE}",
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


class SeparateTextFromDocuments(CreateFullTextStructures):
    """PostgreSQL: move the text to search_searchtext and keep the document row narrow (see POSTGRES_NARROW).

    SQLite needs nothing: its text already lives in the FTS5 table.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, {"postgresql": POSTGRES_NARROW})

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(schema_editor, {"postgresql": POSTGRES_NARROW_UNDO})

    def describe(self):
        return "PostgreSQL: text in its own table, a narrow document row with the tsvectors and theme slugs"
