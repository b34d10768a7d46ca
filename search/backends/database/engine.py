"""What the SQLite and PostgreSQL engines have in common: turning parsed queries into SQL pieces."""
from __future__ import annotations

from dataclasses import dataclass, field

from ... import synonyms
from ...query import ParsedQuery, Term


@dataclass
class TextMatch:
    """SQL that restricts documents `d` to those matching the text, and how to score them."""

    joins: str = ""
    # Replaces "FROM <documents> d" when the text table must drive the join.
    from_clause: str = ""
    where: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    score: str | None = None  # higher is better
    score_params: list = field(default_factory=list)
    # True when scope and include/exclude filters are already part of the match (SQLite filter tokens).
    filters_in_match: bool = False


def alternatives(term: Term, *, expand: bool = True) -> list[str]:
    """The term's text and, from the synonym list, its other spellings."""
    found = [term.text]
    if expand:
        found.extend(s for s in synonyms.expand(term.text) if s not in found)
    return found


class Engine:
    """Vendor-specific SQL. Subclasses: SQLiteEngine (FTS5) and PostgresEngine (tsvector)."""

    vendor = ""
    # An array column of theme slugs on the document row, if the engine keeps one: theme facets are
    # then counted from the matched rows themselves instead of a join to the theme table.
    theme_array: str | None = None

    def __init__(self, connection):
        self.connection = connection

    def estimate_matches(self, cursor, from_where: str, params: list) -> int | None:
        """A cheap estimate of how many rows `from_where` selects, or None if the engine has none."""
        return None

    def prepare_read(self, cursor, options: dict) -> None:
        """Per-connection settings for searching. Default: nothing."""

    def text_match(self, query: ParsedQuery, *, redacted: bool, criteria=None) -> TextMatch | None:
        """The match for `query`; an engine may also fold criteria's scope and filters into it."""
        raise NotImplementedError

    def pairs_match(self, terms: list[str], *, redacted: bool) -> TextMatch:
        """A ranked match for documents containing at least two of `terms` (single words)."""
        raise NotImplementedError

    def term_match(self, words: str, *, redacted: bool) -> TextMatch:
        """A match for one term without synonyms (used to measure how distinctive a word is)."""
        raise NotImplementedError

    def write(self, cursor, documents) -> None:
        raise NotImplementedError

    def delete(self, cursor, ids: list[int]) -> None:
        raise NotImplementedError

    def begin_bulk_load(self, cursor) -> None:
        """Prepare for a rebuild (e.g. drop indexes that are cheaper to build once). Default: nothing."""

    def end_bulk_load(self, cursor) -> None:
        """Undo begin_bulk_load; idempotent, and run even when the rebuild failed."""

    def clear(self, cursor) -> None:
        raise NotImplementedError

    def remove_orphans(self, cursor) -> int:
        raise NotImplementedError

    def snippets(self, cursor, query: ParsedQuery, ids: list[int], *, redacted: bool) -> dict[int, str]:
        raise NotImplementedError

    def source_text(self, cursor, incident_id: int, *, redacted: bool) -> str | None:
        raise NotImplementedError

    def missing_structures(self, cursor) -> list[str]:
        raise NotImplementedError
