"""SQLite FTS5: a `search_fts` table (porter stemming) whose rowid is the incident id."""
from __future__ import annotations

from itertools import combinations

from ...documents import IncidentDocument
from ...query import ParsedQuery, Term
from .engine import Engine, TextMatch, alternatives
from .sql import DOC_TABLE, THEME_TABLE
from .tokens import document_tokens, filter_groups

FTS_TABLE = "search_fts"
# Column weights for bm25: reference, names and labels, the narrative text; filter tokens count nothing.
_BM25 = f"bm25({FTS_TABLE}, 10.0, 3.0, 1.0, 1.0, 0.0)"


def _any_token(tokens: list[str]) -> str:
    return "(" + " OR ".join(_quoted(t) for t in tokens) + ")"


def filter_expressions(criteria) -> tuple[list[str], list[str]] | None:
    """MATCH pieces (required, excluded) for scope and filters; None if they cannot all be tokens."""
    groups = filter_groups(criteria)
    if groups is None:
        return None
    required, excluded = groups
    return [f"{{filters}} : {_any_token(r)}" for r in required], [f"{{filters}} : {_any_token(e)}" for e in excluded]


SQLITE_MMAP_MB = 4096
_BODY_COLUMN = {False: 2, True: 3}  # column index of body_raw / body_redacted
SNIPPET_TOKENS = 32


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term_expr(term: Term, expand: bool = True) -> str:
    options = [_quoted(text) for text in alternatives(term, expand=expand)]
    return options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"


def _columns(redacted: bool) -> str:
    return "{reference meta body_redacted}" if redacted else "{reference meta body_raw}"


def match_expression(query: ParsedQuery, *, redacted: bool) -> tuple[str | None, str | None]:
    """FTS5 MATCH strings for the positive part (or None) and for the exclusions alone (or None).

    Every word is quoted, so nothing a user types can become FTS5 syntax.
    """
    positive = " AND ".join(
        "(" + " OR ".join(_term_expr(t) for t in clause.terms) + ")" for clause in query.clauses
    )
    negative = " OR ".join(_term_expr(t) for t in query.excluded)
    cols = _columns(redacted)
    if positive and negative:
        return f"{cols} : (({positive}) NOT ({negative}))", None
    if positive:
        return f"{cols} : ({positive})", None
    if negative:
        return None, f"{cols} : ({negative})"
    return None, None


class SQLiteEngine(Engine):
    vendor = "sqlite"

    def prepare_read(self, cursor, options: dict) -> None:
        # Reading the index through a memory map avoids copying pages the OS already caches; it is
        # per connection, and Django opens one per request, so it is set every time (it costs microseconds).
        # The map covers the file's first SQLITE_MMAP_MB: the search tables are written after (and among)
        # the incidents, so at 1M incidents they lie between 0.9 and 2.5 GB into a 2.6 GB file. SQLite
        # caps the size at its compile-time SQLITE_MAX_MMAP_SIZE (2 GB in Debian's and Python's builds).
        cursor.execute(f"PRAGMA mmap_size = {int(options.get('SQLITE_MMAP_MB', SQLITE_MMAP_MB)) * 1024 * 1024}")

    def text_match(self, query: ParsedQuery, *, redacted: bool, criteria=None) -> TextMatch | None:
        positive, negative_only = match_expression(query, redacted=redacted)
        tokens = filter_expressions(criteria) if criteria is not None else None
        if tokens and (positive or tokens[0]):
            required, excluded = tokens
            expression = " AND ".join(([f"({positive})"] if positive else []) + required)
            negatives = ([negative_only] if negative_only else []) + excluded
            if negatives:
                expression = f"({expression}) NOT ({' OR '.join(negatives)})"
            return TextMatch(
                from_clause=f"FROM {FTS_TABLE} CROSS JOIN {DOC_TABLE} d ON d.incident_id = {FTS_TABLE}.rowid",
                where=[f"{FTS_TABLE} MATCH %s"],
                params=[expression],
                score=f"(-{_BM25})",
                filters_in_match=True,
            )
        if positive:
            # CROSS JOIN makes SQLite run the MATCH once as the outer loop; otherwise it may scan the
            # documents by a filter index and re-run the full-text query for every row.
            return TextMatch(
                from_clause=f"FROM {FTS_TABLE} CROSS JOIN {DOC_TABLE} d ON d.incident_id = {FTS_TABLE}.rowid",
                where=[f"{FTS_TABLE} MATCH %s"],
                params=[positive],
                score=f"(-{_BM25})",
            )
        if negative_only:
            return TextMatch(
                where=[f"d.incident_id NOT IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"],
                params=[negative_only],
            )
        return None

    def pairs_match(self, terms: list[str], *, redacted: bool) -> TextMatch:
        pairs = " OR ".join(f"({_quoted(a)} AND {_quoted(b)})" for a, b in combinations(terms, 2))
        return TextMatch(
            from_clause=f"FROM {FTS_TABLE} CROSS JOIN {DOC_TABLE} d ON d.incident_id = {FTS_TABLE}.rowid",
            where=[f"{FTS_TABLE} MATCH %s"],
            params=[f"{_columns(redacted)} : ({pairs})"],
            score=f"(-{_BM25})",
        )

    def term_match(self, words: str, *, redacted: bool) -> TextMatch:
        return TextMatch(
            from_clause=f"FROM {FTS_TABLE}",
            where=[f"{FTS_TABLE} MATCH %s"],
            params=[f"{_columns(redacted)} : {_quoted(words)}"],
        )

    def write(self, cursor, documents: list[IncidentDocument]) -> None:
        ids = [d.incident_id for d in documents]
        self.delete(cursor, ids, documents_too=False)
        cursor.executemany(
            f"INSERT INTO {DOC_TABLE} (incident_id, reference, status, event_type, harm, learning_response, site_id,"
            " directorate_id, location_id, specialty_id, occurred_at, occurred_month, reported_at, source_updated_at,"
            " fingerprint) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (incident_id) DO UPDATE SET reference = excluded.reference, status = excluded.status,"
            " event_type = excluded.event_type, harm = excluded.harm, learning_response = excluded.learning_response,"
            " site_id = excluded.site_id, directorate_id = excluded.directorate_id, location_id = excluded.location_id,"
            " specialty_id = excluded.specialty_id, occurred_at = excluded.occurred_at,"
            " occurred_month = excluded.occurred_month, reported_at = excluded.reported_at,"
            " source_updated_at = excluded.source_updated_at, fingerprint = excluded.fingerprint",
            [self._row(d) for d in documents],
        )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, reference, meta, body_raw, body_redacted, filters)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            [(d.incident_id, d.reference, d.meta, d.body_raw, d.body_redacted, document_tokens(d)) for d in documents],
        )
        cursor.executemany(
            f"INSERT INTO {THEME_TABLE} (incident_id, theme, confirmed) VALUES (%s, %s, %s)",
            [(d.incident_id, t.slug, t.confirmed) for d in documents for t in d.themes],
        )

    def _row(self, d: IncidentDocument) -> tuple:
        ops = self.connection.ops
        return (
            d.incident_id, d.reference, d.status, d.event_type, d.harm, d.learning_response, d.site_id,
            d.directorate_id, d.location_id, d.specialty_id, ops.adapt_datetimefield_value(d.occurred_at),
            ops.adapt_datefield_value(d.occurred_month), ops.adapt_datetimefield_value(d.reported_at),
            ops.adapt_datetimefield_value(d.source_updated_at), d.fingerprint,
        )

    def delete(self, cursor, ids: list[int], documents_too: bool = True) -> None:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)
            cursor.execute(f"DELETE FROM {THEME_TABLE} WHERE incident_id IN ({marks})", chunk)
            if documents_too:
                cursor.execute(f"DELETE FROM {DOC_TABLE} WHERE incident_id IN ({marks})", chunk)

    def clear(self, cursor) -> None:
        for table in (FTS_TABLE, THEME_TABLE, DOC_TABLE):
            cursor.execute(f"DELETE FROM {table}")

    def remove_orphans(self, cursor) -> int:
        orphan = "SELECT incident_id FROM {t} WHERE incident_id NOT IN (SELECT id FROM incidents_incident)"
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM incidents_incident)")
        cursor.execute(f"DELETE FROM {THEME_TABLE} WHERE incident_id IN ({orphan.format(t=THEME_TABLE)})")
        cursor.execute(f"DELETE FROM {DOC_TABLE} WHERE incident_id IN ({orphan.format(t=DOC_TABLE)})")
        return cursor.rowcount

    def snippets(self, cursor, query: ParsedQuery, ids: list[int], *, redacted: bool) -> dict[int, str]:
        column = _BODY_COLUMN[redacted]
        marks = ", ".join(["%s"] * len(ids))
        positive, _ = match_expression(ParsedQuery(clauses=query.clauses), redacted=redacted)
        if positive:
            cursor.execute(
                f"SELECT rowid, snippet({FTS_TABLE}, {column}, char(2), char(3), '\u2026', {SNIPPET_TOKENS})"
                f" FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})",
                [positive, *ids],
            )
            found = dict(cursor.fetchall())
        else:
            found = {}
        missing = [i for i in ids if i not in found]
        if missing:
            name = "body_redacted" if redacted else "body_raw"
            cursor.execute(
                f"SELECT rowid, {name} FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(missing))})", missing
            )
            found.update({i: _lead(text) for i, text in cursor.fetchall()})
        return found

    def source_text(self, cursor, incident_id: int, *, redacted: bool) -> str | None:
        name = "body_redacted" if redacted else "body_raw"
        cursor.execute(f"SELECT {name} FROM {FTS_TABLE} WHERE rowid = %s", [incident_id])
        row = cursor.fetchone()
        return row[0] if row else None

    def missing_structures(self, cursor) -> list[str]:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        if cursor.fetchone():
            return []
        return [f"The SQLite FTS5 table {FTS_TABLE} is missing: run `manage.py migrate search` (SQLite needs FTS5)."]


def _lead(text: str, words: int = SNIPPET_TOKENS) -> str:
    parts = (text or "").split()
    return " ".join(parts[:words]) + ("\u2026" if len(parts) > words else "")
