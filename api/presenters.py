"""Turn incidents into the dicts the output serializers render, as one user may read them.

Nothing here decides what a role may see: that is selectors.incident_view_for, selectors.readable_text and
selectors.timeline_for. These functions only arrange what those return.
"""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from incidents import access, selectors
from incidents.models import Incident, Location


def person(user) -> dict[str, str] | None:
    if user is None:
        return None
    return {"username": user.username, "name": user.get_full_name() or user.username}


def location(loc: Location) -> dict[str, Any]:
    return {
        "id": loc.pk,
        "name": loc.name,
        "kind": loc.kind,
        "directorate": loc.directorate.name,
        "site": loc.directorate.site.name,
        "site_code": loc.directorate.site.code,
        "path": loc.path,
    }


def with_summary_relations(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    """Fetch what summary() reads in a fixed number of queries."""
    return queryset.select_related(
        "location__directorate__site", "specialty", "handler", "duplicate_of"
    ).prefetch_related("confirmed_themes__theme")


def summary(incident: Incident) -> dict[str, Any]:
    return {
        "reference": incident.reference,
        "event_type": incident.event_type,
        "status": incident.status,
        "occurred_at": incident.occurred_at,
        "reported_at": incident.reported_at,
        "updated_at": incident.updated_at,
        "location": location(incident.location),
        "specialty": {"id": incident.specialty.pk, "name": incident.specialty.name} if incident.specialty else None,
        "affected": incident.affected,
        "number_affected": incident.number_affected,
        "physical_harm": incident.physical_harm,
        "psychological_harm": incident.psychological_harm,
        "handler": person(incident.handler),
        "learning_response": incident.learning_response,
        "never_event": incident.never_event,
        "candour": {
            "applies": incident.candour_applies,
            "due": incident.candour_due,
            "verbal_on": incident.candour_verbal_on,
            "written_on": incident.candour_written_on,
            "overdue": incident.candour_overdue,
        },
        "duplicate_of": incident.duplicate_of.reference if incident.duplicate_of else None,
        "themes": sorted(c.theme.slug for c in incident.confirmed_themes.all()),
    }


def detail(*, user, incident: Incident) -> dict[str, Any]:
    """The full record for `user`, from selectors.incident_view_for. The caller audits identifier views."""
    view = selectors.incident_view_for(user=user, incident=incident)
    shown = view.shows_identifiers
    data = summary(incident)
    data.update(
        narrative=view.narrative,
        immediate_actions=view.immediate_actions,
        medicines=view.medicines,
        devices=view.devices,
        identifiers_shown=shown,
        nhs_number=view.nhs_number if shown else None,
        hospital_number=view.hospital_number if shown else None,
        reporter=view.reporter_name,
        duplicates=[d.reference for d in incident.duplicates.all()],
        actions=[action(user=user, item=a) for a in incident.actions.all()],
        feedback=[
            {
                "id": f.pk,
                "message": selectors.readable_text(user=user, incident=incident, text=f.message),
                "author": f.author.get_full_name() or f.author.username,
                "created_at": f.created_at,
            }
            for f in incident.feedback.select_related("author")
        ],
        can_manage=access.can_manage(user, incident),
        allowed_transitions=incident.allowed_transitions,
    )
    return data


def action(*, user, item) -> dict[str, Any]:
    return {
        "id": item.pk,
        "description": selectors.readable_text(user=user, incident=item.incident, text=item.description),
        "owner": item.owner,
        "due_on": item.due_on,
        "state": item.state,
        "overdue": item.overdue,
        "created_at": item.created_at,
    }


def timeline(*, user, incident: Incident) -> list[dict[str, Any]]:
    return [
        {
            "at": item.at,
            "label": item.label,
            "actor": item.actor,
            "details": selectors.readable_text(user=user, incident=incident, text=item.details),
        }
        for item in selectors.timeline_for(user=user, incident=incident)
    ]


def report_status(incident: Incident) -> dict[str, Any]:
    """What a reporter (or the holder of an anonymous report's code) sees: status and feedback, as on the web."""
    return {
        "reference": incident.reference,
        "status": incident.status,
        "event_type": incident.event_type,
        "reported_at": incident.reported_at,
        "feedback": [{"message": f.message, "created_at": f.created_at} for f in incident.feedback.all()],
    }


def own_report(incident: Incident) -> dict[str, Any]:
    """A signed-in reporter's own report: its status, feedback, where and what they reported."""
    return {**report_status(incident), "location": incident.location.name, "narrative": incident.narrative}


def own_report_summary(incident: Incident) -> dict[str, Any]:
    return {
        "reference": incident.reference,
        "status": incident.status,
        "event_type": incident.event_type,
        "reported_at": incident.reported_at,
        "location": incident.location.name,
        "feedback_count": len(incident.feedback.all()),
    }
