"""Keeping the index in step with the database: the outbox, catch-up, rebuilds and drift reports.

A change is first recorded in the outbox (IndexQueue), then indexed; the outbox row is removed only
once the backend has the change. If the backend is down, rows wait for `manage.py search_catch_up`.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from incidents import privacy
from incidents.models import Incident

from .backends import get_search_backend
from .documents import documents_for, iter_document_chunks
from .models import IndexQueue, IndexState

log = logging.getLogger(__name__)
CHUNK = 200


def _upsert_sql(select: str) -> str:
    return (
        "INSERT INTO search_indexqueue (incident_id, dirty_since, version, attempts, last_error)"
        f" {select} ON CONFLICT (incident_id) DO UPDATE SET version = search_indexqueue.version + 1"
    )


def mark_dirty(incident_ids: Iterable[int]) -> None:
    """Queue these incidents for (re)indexing; a row already queued is bumped so it is not dropped early."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [(int(i), now) for i in dict.fromkeys(incident_ids)]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_upsert_sql("VALUES (%s, %s, 1, 0, '')"), rows)


def mark_dirty_where(condition: str, params: list) -> int:
    """Queue every incident matching an SQL condition on incidents_incident `i` (for renames)."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(f"SELECT i.id, %s, 1, 0, '' FROM incidents_incident i WHERE {condition}"), [now, *params])
        return cursor.rowcount


@dataclass
class ProcessReport:
    indexed: int = 0
    removed: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def process(*, incident_ids: Iterable[int] | None = None, limit: int | None = None, backend=None) -> ProcessReport:
    """Index queued incidents (all, or only `incident_ids`), oldest first, `CHUNK` at a time.

    Stops at the first backend failure, recording it on the rows; never raises for a backend failure.
    """
    backend = backend or get_search_backend()
    rows = IndexQueue.objects.order_by("dirty_since", "id")
    if incident_ids is not None:
        rows = rows.filter(incident_id__in=list(incident_ids))
    if limit is not None:
        rows = rows[:limit]
    report = ProcessReport()
    pending = list(rows.values_list("incident_id", "version"))
    for start in range(0, len(pending), CHUNK):
        chunk = dict(pending[start : start + CHUNK])
        try:
            documents = documents_for(chunk)
            gone = set(chunk) - {d.incident_id for d in documents}
            backend.index(documents)
            if gone:
                backend.delete(sorted(gone))
        except Exception as exc:  # a failing backend must never lose the queue
            _record_failure(chunk, exc)
            report.failed += len(chunk)
            report.errors.append(f"{type(exc).__name__}: {exc}")
            log.warning("search index update failed for %d incident(s); queued for retry: %s", len(chunk), exc)
            break
        done = Q()
        for incident_id, version in chunk.items():
            done |= Q(incident_id=incident_id, version=version)
        IndexQueue.objects.filter(done).delete()
        report.indexed += len(documents)
        report.removed += len(gone)
    return report


def _record_failure(chunk: dict[int, int], exc: Exception) -> None:
    from django.db.models import F

    IndexQueue.objects.filter(incident_id__in=list(chunk)).update(
        attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000], last_attempt_at=timezone.now()
    )


def pending(older_than=None) -> tuple[int, list[str]]:
    """How many incidents wait for indexing (longer than `older_than`), with a few example references."""
    rows = IndexQueue.objects.all()
    if older_than is not None:
        rows = rows.filter(dirty_since__lt=timezone.now() - older_than)
    ids = list(rows.values_list("incident_id", flat=True)[:5])
    refs = list(Incident.objects.filter(pk__in=ids).values_list("reference", flat=True))
    return rows.count(), refs


def oldest_pending():
    """When the longest-waiting queued change was made, or None if the index is up to date."""
    return IndexQueue.objects.order_by("dirty_since").values_list("dirty_since", flat=True).first()


# Rebuild -------------------------------------------------------------------------------------------


def rebuild(*, chunk_size: int = 1000, backend=None, progress=None):
    """Rebuild the whole index from the database, streamed in chunks; then index what changed meanwhile."""
    backend = backend or get_search_backend()
    started = timezone.now()

    def chunks() -> Iterator[list]:
        for n, chunk in enumerate(iter_document_chunks(chunk_size=chunk_size), start=1):
            if progress:
                progress(n, chunk)
            yield chunk

    version = privacy.redaction_version()
    report = backend.rebuild(chunks())
    _set_state(REDACTION_VERSION, version)
    changed_since(started)
    process(backend=backend)
    return report


# Redaction rules ------------------------------------------------------------------------------------

REDACTION_VERSION = "redaction_version"


def refresh_for_redaction() -> int:
    """Queue every incident for indexing again when the redaction rules are not those the index's redacted text
    was made with (after an upgrade that improved them), so that no identifier the new rules remove stays
    searchable or shown to governance. Returns how many were queued; the queue is worked off as usual
    (`search_catch_up`, the index task).

    A new installation records the version when it is migrated (search migration 0004); an index with no
    recorded version was made by rules of unknown age, and is refreshed, unless there is nothing in it yet."""
    current = privacy.redaction_version()
    recorded = IndexState.objects.filter(name=REDACTION_VERSION).values_list("value", flat=True).first()
    if recorded == current:
        return 0
    with transaction.atomic():
        queued = mark_dirty_where("1=1", []) if recorded is not None or Incident.objects.exists() else 0
        _set_state(REDACTION_VERSION, current)
    if queued:
        log.warning("redaction rules changed (%s -> %s): %d incidents queued to be indexed again",
                    (recorded or "none")[:12], current[:12], queued)
    return queued


def _set_state(name: str, value: str) -> None:
    IndexState.objects.update_or_create(name=name, defaults={"value": value})


def changed_since(moment) -> None:
    """Queue incidents changed after `moment`, including theme changes (which do not touch the incident)."""
    mark_dirty_where("i.updated_at >= %s", [connection.ops.adapt_datetimefield_value(moment)])
    from django.apps import apps

    if apps.is_installed("learning"):
        from learning.models import ConfirmedTheme, ThemeSuggestion

        ids = set(ConfirmedTheme.objects.filter(confirmed_at__gte=moment).values_list("incident_id", flat=True))
        ids |= set(ThemeSuggestion.objects.filter(created_at__gte=moment).values_list("incident_id", flat=True))
        mark_dirty(ids)


# Drift ---------------------------------------------------------------------------------------------


@dataclass
class DriftReport:
    checked: int = 0
    missing: list[int] = field(default_factory=list)  # in the database, not in the index
    extra: list[int] = field(default_factory=list)  # in the index, no longer in the database
    stale: list[int] = field(default_factory=list)  # indexed from an older version

    @property
    def drifted(self) -> int:
        return len(self.missing) + len(self.extra) + len(self.stale)


def drift(*, backend=None, deep: bool = False, chunk_size: int = 1000) -> DriftReport:
    """Compare the database with the index by a streamed merge on incident id (bounded memory).

    Shallow: presence and Incident.updated_at. Deep: also rebuilds each document and compares
    fingerprints, which catches theme and location-name changes.
    """
    backend = backend or get_search_backend()
    report = DriftReport()
    indexed = backend.indexed_versions()
    current = next(indexed, None)
    for chunk in _incident_chunks(chunk_size, deep):
        for incident_id, updated_at, fingerprint in chunk:
            report.checked += 1
            while current is not None and current.incident_id < incident_id:
                report.extra.append(current.incident_id)
                current = next(indexed, None)
            if current is None or current.incident_id != incident_id:
                report.missing.append(incident_id)
                continue
            if current.source_updated_at != updated_at or (deep and current.fingerprint != fingerprint):
                report.stale.append(incident_id)
            current = next(indexed, None)
    while current is not None:
        report.extra.append(current.incident_id)
        current = next(indexed, None)
    return report


def _incident_chunks(chunk_size: int, deep: bool) -> Iterator[list[tuple]]:
    if deep:
        for documents in iter_document_chunks(chunk_size=chunk_size):
            yield [(d.incident_id, d.source_updated_at, d.fingerprint) for d in documents]
        return
    last = 0
    while True:
        rows = list(Incident.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "updated_at")[:chunk_size * 5])
        if not rows:
            return
        last = rows[-1][0]
        yield [(pk, updated, "") for pk, updated in rows]


def repair(report: DriftReport) -> None:
    """Queue every drifted incident; processing indexes the missing and stale and drops the extra."""
    with transaction.atomic():
        mark_dirty([*report.missing, *report.stale, *report.extra])
