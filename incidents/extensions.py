"""Extension points through which other apps add to incident pages without incidents importing them.

An app registers in its AppConfig.ready(); incidents only calls what was registered.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet


@dataclass(frozen=True)
class DetailPanel:
    """A block on the incident page: `context(request, incident)` returns a dict, or None to hide it."""

    template: str
    context: Callable[[Any, Any], dict | None]
    order: int = 100


@dataclass(frozen=True)
class ListFilter:
    """An extra filter on the triage queue: a form field and how it narrows the queryset."""

    name: str
    field: Callable[[], forms.Field]
    apply: Callable[[QuerySet, Any], QuerySet]


detail_panels: list[DetailPanel] = []
list_filters: list[ListFilter] = []


def register_detail_panel(panel: DetailPanel) -> None:
    if panel not in detail_panels:
        detail_panels.append(panel)
        detail_panels.sort(key=lambda p: p.order)


def register_list_filter(list_filter: ListFilter) -> None:
    if all(f.name != list_filter.name for f in list_filters):
        list_filters.append(list_filter)


@dataclass(frozen=True)
class Backlog:
    """Work that fans out from a saved record (mail, classification, indexing) and may need a retry.

    `pending(older_than)` returns how many items have waited longer than `older_than` (a timedelta) with a few
    example references; `retry(limit)` tries up to `limit` of them again and returns how many succeeded.
    """

    name: str
    pending: Callable[[Any], tuple[int, list[str]]]
    retry: Callable[[int], int]


backlogs: list[Backlog] = []


def register_backlog(backlog: Backlog) -> None:
    if all(b.name != backlog.name for b in backlogs):
        backlogs.append(backlog)
