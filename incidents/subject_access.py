"""Subject access: everything Vigil holds about one person, as JSON-ready data.

A patient is found by NHS number; a member of staff by username. Anonymous reports are not linked to
anyone, by design, and so never appear in a staff member's export.
"""
from __future__ import annotations

from django.contrib.auth import get_user_model

from .models import AuditEntry, Feedback, Incident, PatientDetails
from .privacy import normalise_nhs_number


def _incident(incident: Incident) -> dict:
    return {
        "reference": incident.reference,
        "event_type": incident.event_type,
        "occurred_at": incident.occurred_at.isoformat(),
        "reported_at": incident.reported_at.isoformat(),
        "location": incident.location.path,
        "narrative": incident.narrative,
        "immediate_actions": incident.immediate_actions,
        "physical_harm": incident.physical_harm,
        "psychological_harm": incident.psychological_harm,
        "status": incident.status,
        "duty_of_candour": {
            "applies": incident.candour_applies,
            "verbal_on": incident.candour_verbal_on.isoformat() if incident.candour_verbal_on else None,
            "written_on": incident.candour_written_on.isoformat() if incident.candour_written_on else None,
        },
        "feedback": [f.message for f in incident.feedback.all()],
    }


def for_patient(*, nhs_number: str) -> dict:
    digits = normalise_nhs_number(nhs_number)
    details = PatientDetails.objects.filter(nhs_number=digits).select_related("incident__location__directorate__site")
    return {
        "subject": {"type": "patient", "nhs_number": digits},
        "incidents": [_incident(d.incident) | {"hospital_number": d.hospital_number} for d in details],
    }


def for_staff(*, username: str) -> dict:
    user = get_user_model().objects.get(username=username)
    reported = Incident.objects.filter(reporter=user).select_related("location__directorate__site")
    return {
        "subject": {"type": "staff", "username": user.username, "name": user.get_full_name(), "email": user.email},
        "reported_incidents": [_incident(i) for i in reported],
        "feedback_written": [
            {"incident": f.incident.reference, "message": f.message, "at": f.created_at.isoformat()}
            for f in Feedback.objects.filter(author=user).select_related("incident")
        ],
        "recorded_activity": [
            {"incident": e.incident.reference, "action": e.action, "at": e.at.isoformat()}
            for e in AuditEntry.objects.filter(actor=user).select_related("incident")
        ],
        "handled_incidents": list(Incident.objects.filter(handler=user).values_list("reference", flat=True)),
    }
