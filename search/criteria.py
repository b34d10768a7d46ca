"""What one search asks for, after the query is parsed and its names are resolved against the database.

Backends receive a `SearchCriteria` and nothing else: scope (who is searching, and whether they
may see identifiers) is part of it, so that no backend can forget it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Q
from django.utils import timezone

from incidents import access
from incidents.models import Location, Specialty

from .query import ParsedQuery, parse, parse_date

# Facet and filter keys shared by the web page, the API and every backend.
FACETS = ("theme", "harm", "status", "event_type", "site", "directorate")
# Filter keys: the document column (or theme) they test.
FILTER_KEYS = ("theme", "harm", "status", "event_type", "learning_response", "site", "directorate", "location", "specialty")
_QUERY_FIELD_TO_KEY = {"type": "event_type", "response": "learning_response"}
SORTS = ("relevance", "date")


@dataclass(frozen=True)
class SearchScope:
    """Which incidents a user may find, and whether they search and see the redacted text only."""

    everything: bool = False
    site_ids: frozenset[int] = frozenset()
    directorate_ids: frozenset[int] = frozenset()
    redacted: bool = True

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.site_ids and not self.directorate_ids


def scope_for(user) -> SearchScope:
    """The search scope for a user, with the semantics of incidents.access.scope_incidents."""
    role = access.role_of(user)
    redacted = not access.sees_identifiers(user)
    if role in {access.Role.ADMIN, access.Role.GOVERNANCE}:
        return SearchScope(everything=True, redacted=redacted)
    if role == access.Role.HANDLER:
        profile = user.vigil_profile
        return SearchScope(
            site_ids=frozenset(profile.sites.values_list("id", flat=True)),
            directorate_ids=frozenset(profile.directorates.values_list("id", flat=True)),
            redacted=redacted,
        )
    return SearchScope(redacted=True)


@dataclass(frozen=True)
class SearchFilters:
    """Conditions on the indexed fields, all ANDed.

    Each `include` condition keeps incidents whose `key` is one of its values (for themes: has one of
    them); each `exclude` condition drops incidents whose `key` is one of its values.
    """

    include: tuple[tuple[str, frozenset], ...] = ()
    exclude: tuple[tuple[str, frozenset], ...] = ()
    occurred_from: dt.datetime | None = None  # inclusive
    occurred_before: dt.datetime | None = None  # exclusive
    reported_after: dt.datetime | None = None  # exclusive, for saved-search notifications
    reported_up_to: dt.datetime | None = None  # inclusive
    exclude_ids: frozenset[int] = frozenset()

    def with_include(self, key: str, values) -> SearchFilters:
        return replace(self, include=self.include + ((key, frozenset(values)),))

    def with_exclude(self, key: str, values) -> SearchFilters:
        values = frozenset(values)
        return replace(self, exclude=self.exclude + ((key, values),)) if values else self


@dataclass(frozen=True)
class SearchCriteria:
    query: ParsedQuery
    scope: SearchScope
    filters: SearchFilters = SearchFilters()
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20
    with_facets: bool = True
    warnings: tuple[str, ...] = ()

    @property
    def order_by_relevance(self) -> bool:
        return self.sort == "relevance" and self.query.clauses != ()


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


def build_criteria(
    *, user=None, scope: SearchScope | None = None, q: str = "", params: dict | None = None,
    sort: str = "relevance", page: int = 1, per_page: int = 20,
) -> SearchCriteria:
    """Parse `q`, resolve names (themes, locations, specialties) and merge the facet `params`.

    `params` maps FILTER_KEYS (and "after"/"before") to lists of strings, as a query string gives them.
    Unknown or malformed values become warnings, never errors.
    """
    parsed = parse(q)
    warnings = list(parsed.warnings)
    filters = SearchFilters()
    for item in parsed.filters:
        filters = _apply_query_filter(filters, item.field, item.value, item.negated, warnings)
    for key, values in (params or {}).items():
        values = [v for v in ([values] if isinstance(values, str) else values) if str(v).strip()]
        if values:
            filters = _apply_param(filters, key, values, warnings)
    page = max(1, page)
    return SearchCriteria(
        query=parsed,
        scope=scope if scope is not None else scope_for(user),
        filters=filters,
        sort=sort if sort in SORTS else "relevance",
        offset=(page - 1) * per_page,
        limit=per_page,
        warnings=tuple(dict.fromkeys(warnings)),
    )


def _apply_query_filter(filters: SearchFilters, name: str, value: str, negated: bool, warnings: list[str]) -> SearchFilters:
    if name in {"after", "before"}:
        day = dt.date.fromisoformat(value)
        if negated:
            warnings.append(f"'-{name}:' is not supported; use {'before' if name == 'after' else 'after'}: instead.")
            return filters
        return _with_date(filters, name, day)
    key = _QUERY_FIELD_TO_KEY.get(name, name)
    if name == "theme":
        values = _resolve_themes([value], warnings)
    elif name == "location":
        values = _resolve_locations(value, warnings)
    elif name == "specialty":
        values = _resolve_specialties(value, warnings)
    else:
        values = {value}
    return filters.with_exclude(key, values) if negated else filters.with_include(key, values)


def _with_date(filters: SearchFilters, name: str, day: dt.date) -> SearchFilters:
    if name == "after":
        start = local_midnight(day)
        return replace(filters, occurred_from=max(filter(None, (filters.occurred_from, start))))
    end = local_midnight(day + dt.timedelta(days=1))
    return replace(filters, occurred_before=min(filter(None, (filters.occurred_before, end))))


def _apply_param(filters: SearchFilters, key: str, values: list, warnings: list[str]) -> SearchFilters:
    if key in {"after", "before"}:
        day = parse_date(str(values[0]))
        if day is None:
            warnings.append(f"'{values[0]}' is not a date (YYYY-MM-DD); the {key} filter was ignored.")
            return filters
        return _with_date(filters, key, day)
    if key not in FILTER_KEYS:
        return filters
    if key in {"site", "directorate", "location", "specialty"}:
        ids = {int(v) for v in values if str(v).isdigit()}
        if len(ids) != len(values):
            warnings.append(f"The {key} filter takes numeric ids; other values were ignored.")
        return filters.with_include(key, ids) if ids else filters
    if key == "theme":
        return filters.with_include(key, _resolve_themes(values, warnings))
    return filters.with_include(key, {str(v) for v in values})


def _resolve_themes(values, warnings: list[str]) -> set[str]:
    """Theme slugs for names or slugs as typed. Unknown themes match nothing, with a warning."""
    from learning.models import Theme

    found = set()
    for value in values:
        value = str(value).strip()
        slug = "_".join(value.lower().replace("-", " ").split())
        match = Theme.objects.filter(Q(slug__iexact=slug) | Q(name__iexact=value)).values_list("slug", flat=True).first()
        if match:
            found.add(match)
        else:
            warnings.append(f"No theme called '{value}'.")
    return found


def _resolve_locations(value: str, warnings: list[str]) -> set[int]:
    """Location ids whose ward, directorate or site name is `value` (or, failing that, contains it)."""
    exact = Q(name__iexact=value) | Q(directorate__name__iexact=value) | Q(directorate__site__name__iexact=value)
    ids = set(Location.objects.filter(exact).values_list("id", flat=True))
    if not ids:
        near = Q(name__icontains=value) | Q(directorate__name__icontains=value) | Q(directorate__site__name__icontains=value)
        ids = set(Location.objects.filter(near).values_list("id", flat=True)[:500])
    if not ids:
        warnings.append(f"No ward, directorate or site called '{value}'.")
    return ids


def _resolve_specialties(value: str, warnings: list[str]) -> set[int]:
    ids = set(Specialty.objects.filter(name__iexact=value).values_list("id", flat=True))
    ids = ids or set(Specialty.objects.filter(name__icontains=value).values_list("id", flat=True))
    if not ids:
        warnings.append(f"No specialty called '{value}'.")
    return ids
