"""Incidents as search documents, built from the database (the source of truth) in bounded chunks."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from incidents.models import HARM_ORDER, EventType, Incident, LearningResponse, Status
from incidents.privacy import redact

# Marks placed around highlighted words by every backend; removed from indexed text so they can't be forged.
MARK_START, MARK_END = "\x02", "\x03"


@dataclass(frozen=True)
class ThemeTag:
    slug: str
    name: str
    confirmed: bool


@dataclass(frozen=True)
class IncidentDocument:
    """Everything any backend indexes for one incident. Identifiers appear only in the *_raw fields."""

    incident_id: int
    reference: str
    status: str
    event_type: str
    harm: str
    physical_harm: str
    psychological_harm: str
    learning_response: str
    site_id: int
    directorate_id: int
    location_id: int
    specialty_id: int | None
    site_name: str
    directorate_name: str
    location_name: str
    specialty_name: str
    occurred_at: dt.datetime
    reported_at: dt.datetime
    source_updated_at: dt.datetime
    narrative_raw: str
    actions_raw: str
    narrative_redacted: str
    actions_redacted: str
    themes: tuple[ThemeTag, ...] = field(default=())

    @property
    def occurred_month(self) -> dt.date:
        return timezone.localtime(self.occurred_at).date().replace(day=1)

    @property
    def body_raw(self) -> str:
        return f"{self.narrative_raw}\n\n{self.actions_raw}".strip()

    @property
    def body_redacted(self) -> str:
        return f"{self.narrative_redacted}\n\n{self.actions_redacted}".strip()

    @property
    def meta(self) -> str:
        """Names and labels, so that words like 'Ward 4', 'falls' or 'near miss' find the incident."""
        labels = [
            self.site_name, self.directorate_name, self.location_name, self.specialty_name,
            *(t.name for t in self.themes),
            f"{self.harm} harm", _label(EventType, self.event_type), _label(Status, self.status),
            _label(LearningResponse, self.learning_response) if self.learning_response else "",
        ]
        return "\n".join(label for label in labels if label)

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything indexed changes (but not for a bare updated_at bump)."""
        values = [getattr(self, f.name) for f in fields(self) if f.name not in {"source_updated_at", "themes"}]
        values.append([(t.slug, t.name, t.confirmed) for t in self.themes])
        return hashlib.sha1(json.dumps(values, default=str).encode()).hexdigest()


def _label(choices, value: str) -> str:
    """The short label: "Incident", not "Incident (something went wrong)", whose words would match."""
    try:
        return str(choices(value).label).split(" (")[0]
    except ValueError:
        return value


def _clean(text: str) -> str:
    return (text or "").replace(MARK_START, " ").replace(MARK_END, " ")


def highest_harm(physical: str, psychological: str) -> str:
    rank = {level: i for i, level in enumerate(HARM_ORDER)}
    return max(physical or "none", psychological or "none", key=lambda level: rank.get(level, 0))


def themes_for_incidents(ids: list[int]) -> dict[int, list[ThemeTag]]:
    """Confirmed themes, then classifier suggestions at or above SEARCH_SUGGESTION_MIN_SCORE."""
    found: dict[int, dict[str, ThemeTag]] = defaultdict(dict)
    if not apps.is_installed("learning"):
        return {}
    from learning.models import ConfirmedTheme, ThemeSuggestion

    for incident_id, slug, name in ConfirmedTheme.objects.filter(incident_id__in=ids).values_list(
        "incident_id", "theme__slug", "theme__name"
    ):
        found[incident_id][slug] = ThemeTag(slug, name, True)
    min_score = getattr(settings, "SEARCH_SUGGESTION_MIN_SCORE", 0.5)
    for incident_id, slug, name in ThemeSuggestion.objects.filter(incident_id__in=ids, score__gte=min_score).values_list(
        "incident_id", "theme__slug", "theme__name"
    ):
        found[incident_id].setdefault(slug, ThemeTag(slug, name, False))
    return {k: sorted(v.values(), key=lambda t: (not t.confirmed, t.name)) for k, v in found.items()}


def build_documents(incidents: Iterable[Incident]) -> list[IncidentDocument]:
    """Documents for already-fetched incidents (with location, specialty and patient selected)."""
    incidents = list(incidents)
    themes = themes_for_incidents([i.pk for i in incidents])
    documents = []
    for incident in incidents:
        patient = getattr(incident, "patient", None)
        known = [v for v in ((patient.nhs_number, patient.hospital_number) if patient else ()) if v]
        location = incident.location
        directorate = location.directorate
        documents.append(
            IncidentDocument(
                incident_id=incident.pk,
                reference=incident.reference,
                status=incident.status,
                event_type=incident.event_type,
                harm=highest_harm(incident.physical_harm, incident.psychological_harm),
                physical_harm=incident.physical_harm,
                psychological_harm=incident.psychological_harm,
                learning_response=incident.learning_response,
                site_id=directorate.site_id,
                directorate_id=directorate.pk,
                location_id=location.pk,
                specialty_id=incident.specialty_id,
                site_name=directorate.site.name,
                directorate_name=directorate.name,
                location_name=location.name,
                specialty_name=incident.specialty.name if incident.specialty else "",
                occurred_at=incident.occurred_at,
                reported_at=incident.reported_at,
                source_updated_at=incident.updated_at,
                narrative_raw=_clean(incident.narrative),
                actions_raw=_clean(incident.immediate_actions),
                narrative_redacted=_clean(redact(incident.narrative, known=known)),
                actions_redacted=_clean(redact(incident.immediate_actions, known=known)),
                themes=tuple(themes.get(incident.pk, ())),
            )
        )
    return documents


def _base_queryset():
    return Incident.objects.select_related("location__directorate__site", "specialty", "patient").order_by("pk")


def documents_for(incident_ids: Iterable[int]) -> list[IncidentDocument]:
    """Documents for these incidents; ids with no incident (deleted) are simply absent."""
    return build_documents(_base_queryset().filter(pk__in=list(incident_ids)))


def iter_document_chunks(*, chunk_size: int = 1000, since_id: int = 0) -> Iterator[list[IncidentDocument]]:
    """Every incident's document, in chunks of `chunk_size`, by ascending id: memory stays bounded."""
    last = since_id
    while True:
        chunk = list(_base_queryset().filter(pk__gt=last)[:chunk_size])
        if not chunk:
            return
        last = chunk[-1].pk
        yield build_documents(chunk)
