"""Reads shared by the web views, the API and search. Scope is applied here, once."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from . import access, extensions
from .models import AuditEntry, Incident, Location, Status
from .privacy import redact
from .services import hash_follow_up_code


def incident_list(*, user, filters: dict | None = None) -> QuerySet[Incident]:
    """Incidents this user may browse (handlers: their scope; governance and admins: all)."""
    qs = access.scope_incidents(user, Incident.objects.all())
    qs = qs.select_related("location__directorate__site", "specialty", "handler")
    return apply_filters(qs, filters or {})


def apply_filters(qs: QuerySet[Incident], filters: dict) -> QuerySet[Incident]:
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if harm := filters.get("harm"):
        qs = qs.filter(Q(physical_harm=harm) | Q(psychological_harm=harm))
    if event_type := filters.get("event_type"):
        qs = qs.filter(event_type=event_type)
    if location := filters.get("location"):
        qs = qs.filter(location=location)
    if site := filters.get("site"):
        qs = qs.filter(location__directorate__site=site)
    if directorate := filters.get("directorate"):
        qs = qs.filter(location__directorate=directorate)
    if date_from := filters.get("date_from"):
        qs = qs.filter(occurred_at__date__gte=date_from)
    if date_to := filters.get("date_to"):
        qs = qs.filter(occurred_at__date__lte=date_to)
    if filters.get("candour_overdue"):
        qs = qs.filter(candour_overdue_q())
    if filters.get("unassigned"):
        qs = qs.filter(handler__isnull=True)
    if handler := filters.get("handler"):
        qs = qs.filter(handler=handler)
    for extra in extensions.list_filters:
        value = filters.get(extra.name)
        if value not in (None, "", [], ()):
            qs = extra.apply(qs, value)
    return qs


def candour_overdue_q(today: dt.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(candour_applies=True, candour_written_on__isnull=True, candour_due__lt=today)


def incident_get(*, user, reference: str) -> Incident:
    """One incident this user may browse, or 404 (never 403: existence is not disclosed)."""
    try:
        return incident_list(user=user).get(reference=reference)
    except Incident.DoesNotExist:
        raise Http404("No incident with that reference that you can see.") from None


def own_reports(*, user) -> QuerySet[Incident]:
    return (
        Incident.objects.filter(reporter=user)
        .select_related("location__directorate__site")
        .prefetch_related("feedback")
    )


def own_report_get(*, user, reference: str) -> Incident:
    try:
        return own_reports(user=user).get(reference=reference)
    except Incident.DoesNotExist:
        raise Http404("No report of yours with that reference.") from None


def incident_by_follow_up_code(*, code: str) -> Incident | None:
    if not code or not code.strip():
        return None
    return (
        Incident.objects.filter(reporter__isnull=True, follow_up_code_hash=hash_follow_up_code(code))
        .prefetch_related("feedback")
        .first()
    )


def timeline(*, incident: Incident) -> QuerySet[AuditEntry]:
    return incident.audit_entries.select_related("actor").order_by("at", "id")


def handlers_for(*, incident: Incident):
    """Users who could be assigned this incident."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True, vigil_profile__role="handler").distinct()
    scoped = users.filter(
        Q(vigil_profile__sites=incident.location.directorate.site_id)
        | Q(vigil_profile__directorates=incident.location.directorate_id)
    )
    return scoped.order_by("first_name", "last_name", "username").distinct()


def active_locations() -> QuerySet[Location]:
    return Location.objects.filter(active=True).select_related("directorate__site")


def locations_for(*, user) -> QuerySet[Location]:
    """Locations whose incidents this user may browse (for filter menus)."""
    if access.is_handler(user):
        profile = user.vigil_profile
        return active_locations().filter(
            Q(directorate__site__in=profile.sites.all()) | Q(directorate__in=profile.directorates.all())
        ).distinct()
    return active_locations() if access.can_browse_all(user) else Location.objects.none()


@dataclass(frozen=True)
class IncidentView:
    """What one user is allowed to read of one incident."""

    incident: Incident
    narrative: str
    immediate_actions: str
    medicines: str
    devices: str
    shows_identifiers: bool
    nhs_number: str
    hospital_number: str
    reporter_name: str


def incident_view_for(*, user, incident: Incident) -> IncidentView:
    """The readable form of an incident for this user: redacted unless their role may see identifiers.

    Reading identifiers is audited by the caller through services.record_identifier_view.
    """
    patient = getattr(incident, "patient", None)
    known = [v for v in ((patient.nhs_number, patient.hospital_number) if patient else ()) if v]
    if access.sees_identifiers(user):
        reporter = incident.reporter
        return IncidentView(
            incident=incident,
            narrative=incident.narrative,
            immediate_actions=incident.immediate_actions,
            medicines=incident.medicines,
            devices=incident.devices,
            shows_identifiers=True,
            nhs_number=patient.nhs_number if patient else "",
            hospital_number=patient.hospital_number if patient else "",
            reporter_name=(reporter.get_full_name() or reporter.username) if reporter else "Anonymous",
        )
    return IncidentView(
        incident=incident,
        narrative=redact(incident.narrative, known=known),
        immediate_actions=redact(incident.immediate_actions, known=known),
        medicines=redact(incident.medicines, known=known),
        devices=redact(incident.devices, known=known),
        shows_identifiers=False,
        nhs_number="",
        hospital_number="",
        reporter_name="Withheld",
    )


def has_identifiers(incident: Incident) -> bool:
    patient = getattr(incident, "patient", None)
    return bool(patient and (patient.nhs_number or patient.hospital_number))


def status_counts(*, user) -> dict[str, int]:
    from django.db.models import Count

    rows = incident_list(user=user).values("status").annotate(n=Count("id"))
    counts = {s.value: 0 for s in Status}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


@dataclass(frozen=True)
class TimelineItem:
    at: dt.datetime
    label: str
    actor: str
    details: str


_HIDDEN_CHANGE_KEYS = {"anonymous", "action", "feedback"}


def _describe(changes: dict) -> str:
    parts = []
    for key, change in changes.items():
        if key in _HIDDEN_CHANGE_KEYS:
            continue
        name = key.replace("_", " ")
        if isinstance(change, list) and len(change) == 2:
            before, after = ("-" if v in (None, "") else v for v in change)
            parts.append(f"{name}: {before} \u2192 {after}")
        else:
            parts.append(f"{name}: {change}")
    return "; ".join(parts)


def readable_actions(*, user, incident: Incident) -> list:
    """The incident's actions, their descriptions redacted for roles that must not see identifiers."""
    actions = list(incident.actions.all())
    for action in actions:
        action.description = readable_text(user=user, incident=incident, text=action.description)
    return actions


def readable_feedback(*, user, incident: Incident) -> list:
    items = list(incident.feedback.select_related("author"))
    for item in items:
        item.message = readable_text(user=user, incident=incident, text=item.message)
    return items


def timeline_for(*, user, incident: Incident) -> list[TimelineItem]:
    """The audit trail as this user may read it: who did what, with the reporter withheld where required."""
    show_people = access.sees_identifiers(user)
    items = []
    for entry in timeline(incident=incident):
        if entry.action == AuditEntry.Action.CREATED:
            actor = "Anonymous reporter" if entry.actor is None else ("Reporter" if not show_people else _name(entry.actor))
        else:
            actor = _name(entry.actor) if entry.actor else "System"
        details = readable_text(user=user, incident=incident, text=_describe(entry.changes))
        items.append(TimelineItem(at=entry.at, label=entry.get_action_display(), actor=actor, details=details))
    return items


def _name(user) -> str:
    return user.get_full_name() or user.username


def readable_text(*, user, incident: Incident, text: str) -> str:
    """Free text written about an incident (actions, feedback, audit details) as this user may read it.

    The same rule as incident_view_for: identifiers stay for handlers and admins, are redacted for others.
    """
    if access.sees_identifiers(user):
        return text
    patient = getattr(incident, "patient", None)
    known = [v for v in ((patient.nhs_number, patient.hospital_number) if patient else ()) if v]
    return redact(text, known=known)


# Governance reads redacted text, so a text match must be checked against that text, one record at a time.
REDACTED_TEXT_MATCH_LIMIT = 500


def incidents_mentioning(*, user, queryset: QuerySet[Incident], text: str) -> QuerySet[Incident]:
    """Incidents in `queryset` whose narrative contains `text` (case-insensitive) as this user reads it.

    For roles that see redacted narratives, a match must survive redaction: otherwise searching for an NHS
    number or a name would reveal which records hold it. That check runs per record, so at most
    REDACTED_TEXT_MATCH_LIMIT raw matches are examined; past that a ValidationError asks for a narrower query.
    """
    text = text.strip()
    matches = queryset.filter(narrative__icontains=text)
    if not text or access.sees_identifiers(user):
        return matches
    candidates = list(matches.select_related("patient").order_by()[: REDACTED_TEXT_MATCH_LIMIT + 1])
    if len(candidates) > REDACTED_TEXT_MATCH_LIMIT:
        raise ValidationError(
            {"text": f"More than {REDACTED_TEXT_MATCH_LIMIT} reports contain this text. Add dates, a site or other filters."}
        )
    needle = text.casefold()
    kept = [i.pk for i in candidates if needle in incident_view_for(user=user, incident=i).narrative.casefold()]
    return queryset.filter(pk__in=kept)
