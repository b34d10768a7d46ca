"""An LFPSE-shaped export of one incident, honest about what it can and cannot map.

LFPSE (NHS England's Learn from Patient Safety Events service) takes records from local systems as FHIR R4
AdverseEvent resources with its own taxonomy. We do not hold that taxonomy's question and answer codes, so
this export does not invent them: it gives Vigil's values under descriptive keys, LFPSE's event type and harm
levels by name where Vigil's categories match them, the few FHIR R4 AdverseEvent core elements that map
directly, and lists what LFPSE asks that Vigil does not record. See docs/api.md for sources.
"""
from __future__ import annotations

from typing import Any

from django.utils import timezone

from incidents import selectors
from incidents.models import (
    Affected,
    EventType,
    Incident,
    LearningResponse,
    PhysicalHarm,
    PsychologicalHarm,
)

FORMAT = "vigil-lfpse-shaped/1"

# Vigil event type -> LFPSE event type by name. Near miss has no LFPSE type we could confirm.
LFPSE_EVENT_TYPE = {
    EventType.INCIDENT: "Incident",
    EventType.RISK: "Risk",
    EventType.GOOD_CARE: "Good care",
}

# FHIR R4 AdverseEvent.actuality: "actual" if it happened, "potential" if it only could have.
FHIR_ACTUALITY = {
    EventType.INCIDENT: "actual",
    EventType.NEAR_MISS: "potential",
    EventType.RISK: "potential",
}

UNMAPPED = [
    {"concept": "Patient age at the time of the incident", "reason": "Vigil does not record it."},
    {"concept": "Patient sex or gender", "reason": "Vigil does not record it."},
    {"concept": "Reporter's role and organisation", "reason": "Vigil keeps reporters anonymous to most roles and does not record their role as a coded value."},
    {"concept": "Coded details of medicines and devices involved", "reason": "Vigil holds these as free text (description.medicines, description.devices)."},
    {"concept": "LFPSE taxonomy question and answer codes", "reason": "Not held by Vigil; values are given by name or Vigil code, not LFPSE code."},
]


def _choice(value: str, choices) -> dict[str, str]:
    return {"value": value, "label": choices(value).label}


def export(*, user, incident: Incident) -> dict[str, Any]:
    """The export for `user`: free text as selectors.incident_view_for lets them read it (redacted for governance).

    No patient identifier fields are exported for any role.
    """
    view = selectors.incident_view_for(user=user, incident=incident)
    notes = []
    event_type = incident.event_type
    if event_type == EventType.NEAR_MISS:
        notes.append("Near miss: no matching LFPSE event type confirmed; choose one when submitting to LFPSE.")
    fhir = None
    if event_type in FHIR_ACTUALITY:
        fhir = {
            "resourceType": "AdverseEvent",
            "identifier": [{"value": incident.reference}],
            "actuality": FHIR_ACTUALITY[event_type],
            "date": incident.occurred_at,
            "recordedDate": incident.reported_at,
            "location": {"display": incident.location.path},
        }
    else:
        notes.append("Good care is not an adverse event, so no FHIR AdverseEvent elements are given.")
    return {
        "format": FORMAT,
        "reference": incident.reference,
        "generated_at": timezone.now(),
        "text_redacted": not view.shows_identifiers,
        "event": {
            "vigil_event_type": _choice(event_type, EventType),
            "lfpse_event_type": LFPSE_EVENT_TYPE.get(event_type),
            "occurred_at": incident.occurred_at,
            "reported_at": incident.reported_at,
            "never_event": incident.never_event,
        },
        "location": {
            "site_ods_code": incident.location.directorate.site.code,
            "site": incident.location.directorate.site.name,
            "directorate": incident.location.directorate.name,
            "location": incident.location.name,
            "kind": incident.location.kind,
        },
        "description": {
            "what_happened": view.narrative,
            "immediate_actions": view.immediate_actions,
            "medicines": view.medicines,
            "devices": view.devices,
        },
        "harm": {
            "affected": _choice(incident.affected, Affected),
            "number_affected": incident.number_affected,
            "physical_harm": _choice(incident.physical_harm, PhysicalHarm),
            "psychological_harm": _choice(incident.psychological_harm, PsychologicalHarm),
        },
        "learning_response": _choice(incident.learning_response, LearningResponse),
        "actions": [
            {
                "description": selectors.readable_text(user=user, incident=incident, text=a.description),
                "owner": a.owner,
                "due_on": a.due_on,
                "state": a.state,
            }
            for a in incident.actions.all()
        ],
        "fhir_r4_adverse_event": fhir,
        "unmapped": UNMAPPED,
        "notes": notes,
    }
