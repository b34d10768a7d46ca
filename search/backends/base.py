"""The contract every search backend keeps, and the result types they return.

A backend that cannot do an operation raises NotImplementedError saying what to use instead.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape

from ..criteria import SearchCriteria
from ..documents import MARK_END, MARK_START, IncidentDocument


class SearchBackendError(Exception):
    """The search service failed (down, timed out, refused). Callers degrade; nothing is lost."""


@dataclass(frozen=True)
class Hit:
    incident_id: int
    score: float | None = None
    highlight: str = ""  # safe HTML: escaped text with <mark> around matches


@dataclass
class FacetResult:
    count: int = 0
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # key -> [(value, count)]
    histogram: list[tuple[dt.date, int]] = field(default_factory=list)  # first of month -> count


@dataclass
class SearchPage:
    count: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    histogram: list[tuple[dt.date, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # sentences for the user, e.g. why the order changed


@dataclass(frozen=True)
class IndexedVersion:
    incident_id: int
    source_updated_at: dt.datetime
    fingerprint: str


@dataclass
class RebuildReport:
    indexed: int = 0
    removed: int = 0
    chunks: int = 0
    target: str = ""


def render_highlight(marked: str) -> str:
    """Escape `marked` (text with MARK_START/MARK_END around matches) and turn the marks into <mark>."""
    html = escape(marked)
    return html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


class BaseSearchBackend:
    """Names every operation. Subclasses implement them; `search` has a default built from the others."""

    #: Shown on the search page and in `manage.py search_drift`.
    label = "base"

    def __init__(self, alias: str, params: dict):
        self.alias = alias
        self.params = params
        self.options = params.get("OPTIONS", {})

    # Writes -----------------------------------------------------------------------------------
    def index(self, documents: Sequence[IncidentDocument]) -> None:
        """Add or replace these documents. Raises SearchBackendError if the service fails."""
        raise NotImplementedError(f"{type(self).__name__} cannot index documents; configure a backend that can.")

    def delete(self, incident_ids: Iterable[int]) -> None:
        """Remove these incidents from the index (ids not indexed are ignored)."""
        raise NotImplementedError(f"{type(self).__name__} cannot delete documents; rebuild the index instead.")

    def rebuild(self, chunks: Iterable[Sequence[IncidentDocument]]) -> RebuildReport:
        """Replace the whole index with `chunks` (streamed: one chunk in memory at a time)."""
        raise NotImplementedError(f"{type(self).__name__} cannot rebuild; index() every document instead.")

    # Reads ------------------------------------------------------------------------------------
    def search(self, criteria: SearchCriteria) -> SearchPage:
        """One page of ranked hits with highlights, plus facet counts and the month histogram."""
        if criteria.scope.nothing:
            return SearchPage(count=0, hits=[])
        hits = self.ranked_ids(criteria)
        facets = self.facet(criteria) if criteria.with_facets else FacetResult(count=self.count_matches(criteria))
        highlights = self.highlight(criteria, [h.incident_id for h in hits]) if hits else {}
        hits = [Hit(h.incident_id, h.score, highlights.get(h.incident_id, "")) for h in hits]
        return SearchPage(count=facets.count, hits=hits, facets=facets.facets, histogram=facets.histogram)

    def ranked_ids(self, criteria: SearchCriteria) -> list[Hit]:
        """The page of hits (criteria.offset, criteria.limit) in order, without highlights."""
        raise NotImplementedError(f"{type(self).__name__} cannot search; use the database backend.")

    def count_matches(self, criteria: SearchCriteria) -> int:
        return self.facet(criteria).count

    def facet(self, criteria: SearchCriteria) -> FacetResult:
        """Counts per value of every key in criteria.FACETS, and per month, over all matches."""
        raise NotImplementedError(f"{type(self).__name__} cannot count facets; filter with the incident list instead.")

    def highlight(self, criteria: SearchCriteria, incident_ids: Sequence[int]) -> dict[int, str]:
        """A short excerpt per incident with the query's words marked (redacted text if the scope says so)."""
        raise NotImplementedError(f"{type(self).__name__} cannot highlight; show the start of the narrative instead.")

    def similar(self, incident_id: int, criteria: SearchCriteria) -> SearchPage:
        """Incidents like this one, within criteria's scope and filters; the incident itself is left out."""
        raise NotImplementedError(f"{type(self).__name__} cannot find similar incidents; search for key words instead.")

    # State ------------------------------------------------------------------------------------
    def indexed_versions(self) -> Iterator[IndexedVersion]:
        """Every indexed incident with the version it was built from, by ascending id (streamed)."""
        raise NotImplementedError(f"{type(self).__name__} cannot list its contents; drift cannot be checked.")

    def clear(self) -> None:
        """Remove everything from the index."""
        raise NotImplementedError(f"{type(self).__name__} cannot be cleared; rebuild it instead.")

    def check(self) -> list[str]:
        """Problems an operator should fix, as sentences (empty when healthy)."""
        return []
