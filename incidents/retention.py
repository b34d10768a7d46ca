"""Record retention: what each rule would remove, and removing it.

Rules are per record type, in settings.VIGIL_RETENTION (years after an incident was closed). Defaults are
deliberately long; each trust's records manager sets them from its own retention schedule.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from .models import AuditEntry, Incident, PatientDetails, Status


@dataclass(frozen=True)
class RetentionStep:
    rule: str
    description: str
    count: int


def _closed_before(cutoff: dt.datetime) -> QuerySet[Incident]:
    """Closed incidents whose last status change happened before the cutoff."""
    closed = Incident.objects.filter(status=Status.CLOSED)
    last_change = (
        AuditEntry.objects.filter(action=AuditEntry.Action.TRANSITION)
        .values("incident")
        .annotate(last=Max("at"))
        .filter(last__lt=cutoff)
        .values("incident")
    )
    return closed.filter(pk__in=last_change)


def _cutoff(years: float, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=round(365.25 * years))


def plan(*, now: dt.datetime | None = None) -> list[tuple[RetentionStep, QuerySet]]:
    now = now or timezone.now()
    rules = settings.VIGIL_RETENTION
    codes = _closed_before(_cutoff(rules["follow_up_codes"], now)).exclude(follow_up_code_hash="")
    identifiers = PatientDetails.objects.filter(
        incident__in=_closed_before(_cutoff(rules["patient_identifiers"], now))
    )
    incidents = _closed_before(_cutoff(rules["incidents"], now)).filter(duplicates__isnull=True)
    return [
        (RetentionStep("follow_up_codes", f"anonymous follow-up codes of incidents closed over {rules['follow_up_codes']} years ago", codes.count()), codes),
        (RetentionStep("patient_identifiers", f"patient identifiers of incidents closed over {rules['patient_identifiers']} years ago", identifiers.count()), identifiers),
        (RetentionStep("incidents", f"incidents (with actions, feedback and audit trail) closed over {rules['incidents']} years ago", incidents.count()), incidents),
    ]


@transaction.atomic
def apply(*, now: dt.datetime | None = None) -> list[RetentionStep]:
    """Carry out the plan. This is the only path by which audit entries are ever removed: with their incident."""
    done = []
    for step, queryset in plan(now=now):
        if step.rule == "follow_up_codes":
            queryset.update(follow_up_code_hash="")
        elif step.rule == "patient_identifiers":
            queryset.delete()
        elif step.rule == "incidents":
            ids = list(queryset.values_list("pk", flat=True))
            # Raw queryset deletes bypass AuditEntry.delete(), which refuses single deletions by design.
            AuditEntry.objects.filter(incident_id__in=ids)._raw_delete(AuditEntry.objects.db)
            Incident.objects.filter(pk__in=ids).delete()
        done.append(step)
    return done
