"""Searching as a user: scope, the backend, and results turned back into incidents from the database.

Views, the API, saved searches and the incident page's "similar incidents" panel all call these.
"""
from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass, field, replace

from django.apps import apps
from django.core.exceptions import PermissionDenied

from incidents import access, selectors
from incidents.models import Directorate, EventType, Incident, LearningResponse, PhysicalHarm, Site, Status

from .backends import get_search_backend
from .backends.base import SearchBackendError, SearchPage
from .criteria import FACETS, SearchCriteria, build_criteria, scope_for
from .documents import ThemeTag, themes_for_incidents

log = logging.getLogger(__name__)
PER_PAGE = 20
MAX_RESULT_WINDOW = 10000  # deep pages cost every backend dearly; nobody reads page 501
UNAVAILABLE = "Search is unavailable at the moment. Reports are still being saved; try again shortly."


@dataclass(frozen=True)
class ResultItem:
    incident: Incident
    highlight: str  # safe HTML
    themes: tuple[ThemeTag, ...]
    score: float | None

    @property
    def reference(self) -> str:
        return self.incident.reference

    @property
    def type_label(self) -> str:
        return self.incident.get_event_type_display().split(" (")[0]


@dataclass(frozen=True)
class FacetValue:
    key: str
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    query: str
    count: int = 0
    items: list[ResultItem] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    histogram: list[tuple[dt.date, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    page: int = 1
    per_page: int = PER_PAGE
    sort: str = "relevance"
    error: str = ""

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(min(self.count, MAX_RESULT_WINDOW) / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def require_search_access(user) -> None:
    """Handlers, governance and admins search; reporters and anonymous visitors cannot."""
    if not access.can_browse_all(user):
        raise PermissionDenied("Search is for safety leads, governance and administrators.")


def incident_search(
    *, user, q: str = "", params: dict | None = None, sort: str = "relevance", page: int = 1, per_page: int = PER_PAGE
) -> SearchResults:
    """Search incidents as `user` may see them. Raises PermissionDenied for roles that cannot search.

    A failing backend gives results with `error` set, never an exception.
    """
    require_search_access(user)
    per_page = max(1, min(per_page, 100))
    page = max(1, min(page, MAX_RESULT_WINDOW // per_page))
    criteria = build_criteria(user=user, q=q, params=params or {}, sort=sort, page=page, per_page=per_page)
    results = SearchResults(query=q, warnings=list(criteria.warnings), page=page, per_page=per_page, sort=criteria.sort)
    try:
        found = get_search_backend().search(criteria)
    except SearchBackendError as exc:
        log.warning("search failed: %s", exc)
        results.error = UNAVAILABLE
        return results
    return _fill(results, user=user, criteria=criteria, found=found, params=params or {})


def similar_incidents(*, user, reference: str, limit: int = 5) -> SearchResults:
    """Incidents like `reference` that `user` may see. 404 if they may not see the source incident."""
    require_search_access(user)
    source = selectors.incident_get(user=user, reference=reference)
    criteria = build_criteria(user=user, per_page=limit)
    results = SearchResults(query="", per_page=limit)
    try:
        found = get_search_backend().similar(source.pk, criteria)
    except SearchBackendError as exc:
        log.warning("similar incidents failed: %s", exc)
        results.error = UNAVAILABLE
        return results
    return _fill(results, user=user, criteria=criteria, found=found, params={})


def _fill(results: SearchResults, *, user, criteria: SearchCriteria, found: SearchPage, params: dict) -> SearchResults:
    ids = [hit.incident_id for hit in found.hits]
    # The database decides, again, what this user may see: a lagging index never widens scope.
    visible = access.scope_incidents(user, Incident.objects.filter(pk__in=ids)).select_related(
        "location__directorate__site", "specialty"
    )
    by_id = {incident.pk: incident for incident in visible}
    themes = themes_for(list(by_id))
    results.count = found.count
    results.warnings.extend(found.notes)
    results.items = [
        ResultItem(by_id[h.incident_id], h.highlight, tuple(themes.get(h.incident_id, ())), h.score)
        for h in found.hits
        if h.incident_id in by_id
    ]
    results.facets = label_facets(found.facets, params)
    results.histogram = found.histogram
    return results


def themes_for(incident_ids: list[int]) -> dict[int, list[ThemeTag]]:
    """Confirmed and suggested themes per incident, from the database (the source of truth)."""
    if not incident_ids or not apps.is_installed("learning"):
        return {}
    return themes_for_incidents(incident_ids)


def label_facets(raw: dict[str, list[tuple[str, int]]], params: dict) -> dict[str, list[FacetValue]]:
    """Facet values with human labels, in FACETS order, marking those selected in `params`."""
    labels = _labels(raw)
    out: dict[str, list[FacetValue]] = {}
    for key in FACETS:
        chosen = {str(v) for v in _as_list(params.get(key))}
        values = [FacetValue(key, v, labels.get(key, {}).get(v, v), n, v in chosen) for v, n in raw.get(key, [])]
        out[key] = values
    return out


def _as_list(value) -> list:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _labels(raw: dict[str, list[tuple[str, int]]]) -> dict[str, dict[str, str]]:
    def ids(key):
        return [int(v) for v, _ in raw.get(key, []) if str(v).isdigit()]

    labels = {
        "status": {s.value: str(s.label) for s in Status},
        "event_type": {e.value: str(e.label).split(" (")[0] for e in EventType},
        "harm": {h.value: str(h.label).split(" (")[0] for h in PhysicalHarm},
        "learning_response": {r.value: str(r.label) for r in LearningResponse},
        "site": {str(pk): name for pk, name in Site.objects.filter(pk__in=ids("site")).values_list("pk", "name")},
        "directorate": {
            str(pk): f"{name} ({site})"
            for pk, name, site in Directorate.objects.filter(pk__in=ids("directorate")).values_list("pk", "name", "site__name")
        },
    }
    if apps.is_installed("learning"):
        from learning.models import Theme

        slugs = [v for v, _ in raw.get("theme", [])]
        labels["theme"] = dict(Theme.objects.filter(slug__in=slugs).values_list("slug", "name"))
    return labels


def scope_description(user) -> str:
    """One sentence for the page: what this user's searches cover."""
    scope = scope_for(user)
    coverage = "all incidents" if scope.everything else "incidents in your sites and directorates"
    text = "redacted text (identifiers removed)" if scope.redacted else "full text"
    return f"Searching {coverage}, {text}."


def search_criteria_for(saved, *, reported_after=None, reported_up_to=None, per_page: int = 50) -> SearchCriteria:
    """Criteria for a saved search run as its owner, optionally limited to a reporting window."""
    criteria = build_criteria(user=saved.owner, q=saved.query, params=saved.filters, sort="date", per_page=per_page)
    filters = replace(criteria.filters, reported_after=reported_after, reported_up_to=reported_up_to)
    return replace(criteria, filters=filters, with_facets=False)

