"""Writes to the incident domain. Views, the API and commands call these; business rules live here."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import access, signals
from .candour import WRITTEN_NOTICE_WORKING_DAYS, add_working_days, candour_applies
from .models import (
    AuditEntry,
    Feedback,
    Incident,
    IncidentAction,
    LearningResponse,
    PatientDetails,
    Status,
    TRANSITIONS,
    local_date,
)
from .privacy import normalise_nhs_number
from .references import next_reference

# Crockford-style alphabet: no 0/O or 1/I/L to misread when copying a code from a screen.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"

SUBMIT_FIELDS = (
    "event_type",
    "occurred_at",
    "location",
    "specialty",
    "narrative",
    "immediate_actions",
    "affected",
    "number_affected",
    "physical_harm",
    "psychological_harm",
    "medicines",
    "devices",
)
TRIAGE_FIELDS = ("physical_harm", "psychological_harm", "learning_response", "never_event", "specialty", "location")


@dataclass(frozen=True)
class Submission:
    incident: Incident
    follow_up_code: str | None  # shown once to an anonymous reporter, never stored in clear


def hash_follow_up_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(cleaned.encode()).hexdigest()


def _new_follow_up_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def _tasks_run_in_process() -> bool:
    from django_tasks import task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    return isinstance(task_backends["default"], ImmediateBackend)


def _announce(signal, *, sender, **kwargs: Any) -> None:
    """Send `signal` once the current transaction has committed (see incidents.signals).

    Listeners queue follow-up work by writing rows (the search outbox, queued tasks). When tasks are queued in
    the database, those writes share one transaction: one commit after the report's own, not one per listener.
    Tasks that run in-process (the embedded default) run outside any transaction, so a slow classifier holds
    no write lock. A listener that fails anyway is logged and never fails the request (`robust`); the retry
    commands find what it missed.
    """

    def send() -> None:
        if _tasks_run_in_process():
            signal.send(sender=sender, **kwargs)
        else:
            with transaction.atomic():
                signal.send(sender=sender, **kwargs)

    transaction.on_commit(send, robust=True)


_NOT_A_CHANGE = {AuditEntry.Action.CREATED, AuditEntry.Action.VIEWED_IDENTIFIERS}


def _audit(incident: Incident, *, actor, action: str, changes: dict[str, Any] | None = None) -> AuditEntry:
    """Record what happened and, once committed, tell listeners (search, learning) the record changed."""
    entry = AuditEntry.objects.create(incident=incident, actor=actor, action=action, changes=changes or {})
    if action not in _NOT_A_CHANGE:
        incident_id = incident.pk
        _announce(signals.incident_changed, sender=Incident, incident_id=incident_id)
    return entry


def _apply_candour(incident: Incident) -> None:
    incident.candour_applies = candour_applies(
        physical_harm=incident.physical_harm, psychological_harm=incident.psychological_harm
    )
    if incident.candour_applies and incident.candour_due is None:
        incident.candour_due = add_working_days(local_date(incident.reported_at), WRITTEN_NOTICE_WORKING_DAYS)
    elif not incident.candour_applies:
        incident.candour_due = None


def _validate(incident: Incident, *, exclude: list[str] | None = None) -> None:
    """Field validation plus the rules a person can break, with messages naming the field.

    The check constraints are left to the database (Django would spend one query on each here); the ones
    a user can trip through a form are checked in Python first so they get a clear message, not an error page.
    """
    now = timezone.now()
    if incident.occurred_at and incident.occurred_at > now + dt.timedelta(minutes=5):
        raise ValidationError({"occurred_at": "The date and time it happened cannot be in the future."})
    if incident.occurred_at and incident.reported_at and incident.occurred_at > incident.reported_at:
        raise ValidationError({"occurred_at": "An incident cannot happen after it was reported."})
    if incident.never_event and incident.learning_response != LearningResponse.PSII:
        raise ValidationError({"learning_response": "A Never Event requires a PSII learning response."})
    # A related record handed in as a loaded instance (the form and the API look them up) exists: Django would
    # spend a query per foreign key checking again, and the database's foreign keys check it regardless.
    loaded = [
        field.name
        for field in incident._meta.concrete_fields
        if field.is_relation and field.is_cached(incident) and getattr(incident, field.name) is not None
    ]
    incident.full_clean(exclude=[*(exclude or []), *loaded], validate_unique=False, validate_constraints=False)


@transaction.atomic
def incident_submit(
    *,
    data: dict[str, Any],
    reporter=None,
    anonymous: bool = False,
    nhs_number: str = "",
    hospital_number: str = "",
) -> Submission:
    """Record a new report. Anonymous reports keep no trace of who sent them.

    `data` holds the fields in SUBMIT_FIELDS (model instances for location and specialty).
    Raises ValidationError naming the field; nothing is saved unless everything is valid.
    """
    signed_in = reporter is not None and getattr(reporter, "is_authenticated", False)
    keep_identity = signed_in and not anonymous
    unknown = set(data) - set(SUBMIT_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}")

    try:
        nhs_digits = normalise_nhs_number(nhs_number)
    except ValueError as exc:
        raise ValidationError({"nhs_number": str(exc)}) from exc

    now = timezone.now()
    if data.get("occurred_at") and now < data["occurred_at"] <= now + dt.timedelta(minutes=5):
        data = {**data, "occurred_at": now}  # a reporter's clock a little ahead of ours is not an error
    incident = Incident(**data, reported_at=now, reporter=reporter if keep_identity else None)
    incident.reference = "pending"
    _validate(incident, exclude=["reference"])
    _apply_candour(incident)

    code = None
    if not keep_identity:
        code = _new_follow_up_code()
        incident.follow_up_code_hash = hash_follow_up_code(code)

    incident.reference = next_reference(timezone.localtime(now).year)
    incident.save()
    if nhs_digits or hospital_number.strip():
        PatientDetails.objects.create(incident=incident, nhs_number=nhs_digits, hospital_number=hospital_number.strip())
    _audit(
        incident,
        actor=reporter if keep_identity else None,
        action=AuditEntry.Action.CREATED,
        changes={"status": incident.status, "anonymous": not keep_identity},
    )
    _announce(signals.incident_submitted, sender=Incident, incident_id=incident.pk)
    return Submission(incident=incident, follow_up_code=code)


def _require_manager(incident: Incident, by) -> None:
    if not access.can_manage(by, incident):
        raise PermissionDenied("You do not manage incidents at this location.")


def _field_value(incident: Incident, name: str):
    value = getattr(incident, name)
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@transaction.atomic
def incident_update(*, incident: Incident, by, **changes: Any) -> Incident:
    """Change triage fields (harm grading, learning response, Never Event, location, specialty).

    Duty of Candour is recomputed whenever harm changes.
    """
    _require_manager(incident, by)
    unknown = set(changes) - set(TRIAGE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be changed at triage: {', '.join(sorted(unknown))}")
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    diff: dict[str, list] = {}
    for name, value in changes.items():
        before = _field_value(incident, name)
        setattr(incident, name, value)
        after = _field_value(incident, name)
        if before != after:
            diff[name] = [before, after]
    if not diff:
        return incident
    _validate(incident)
    was_candour = incident.candour_applies
    _apply_candour(incident)
    if was_candour != incident.candour_applies:
        diff["candour_applies"] = [was_candour, incident.candour_applies]
    incident.save()
    _audit(incident, actor=by, action=AuditEntry.Action.CHANGED, changes=diff)
    return incident


@transaction.atomic
def incident_transition(*, incident: Incident, by, to: str) -> Incident:
    _require_manager(incident, by)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if to not in TRANSITIONS[incident.status]:
        allowed = ", ".join(Status(s).label for s in incident.allowed_transitions) or "none"
        raise ValidationError(
            {"status": f"Cannot move from {incident.get_status_display()} to {Status(to).label if to in Status.values else to}. Allowed: {allowed}."}
        )
    if to == Status.CLOSED:
        open_actions = incident.actions.filter(state__in=[IncidentAction.State.OPEN, IncidentAction.State.IN_PROGRESS])
        if open_actions.exists():
            raise ValidationError({"status": "Close or cancel every open action before closing the incident."})
        if incident.learning_response == LearningResponse.UNDECIDED:
            raise ValidationError({"status": "Choose a learning response before closing the incident."})
    before = incident.status
    incident.status = to
    incident.save(update_fields=["status", "updated_at"])
    _audit(incident, actor=by, action=AuditEntry.Action.TRANSITION, changes={"status": [before, to]})
    return incident


@transaction.atomic
def incident_assign(*, incident: Incident, by, handler) -> Incident:
    _require_manager(incident, by)
    if handler is not None and not access.can_manage(handler, incident):
        raise ValidationError({"handler": f"{handler.get_full_name() or handler} does not manage this location."})
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.handler_id == (handler.pk if handler else None):
        return incident
    before = str(incident.handler) if incident.handler else None
    incident.handler = handler
    incident.save(update_fields=["handler", "updated_at"])
    _audit(incident, actor=by, action=AuditEntry.Action.CHANGED, changes={"handler": [before, str(handler) if handler else None]})
    return incident


@transaction.atomic
def incident_record_candour(
    *, incident: Incident, by, verbal_on: dt.date | None, written_on: dt.date | None
) -> Incident:
    _require_manager(incident, by)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    today = timezone.localdate()
    errors = {}
    for name, value in (("candour_verbal_on", verbal_on), ("candour_written_on", written_on)):
        if value and value > today:
            errors[name] = "This date cannot be in the future."
        elif value and value < local_date(incident.occurred_at):
            errors[name] = "This date is before the incident happened."
    if errors:
        raise ValidationError(errors)
    diff = {}
    for name, value in (("candour_verbal_on", verbal_on), ("candour_written_on", written_on)):
        before = getattr(incident, name)
        if before != value:
            diff[name] = [before.isoformat() if before else None, value.isoformat() if value else None]
            setattr(incident, name, value)
    if diff:
        incident.save(update_fields=["candour_verbal_on", "candour_written_on", "updated_at"])
        _audit(incident, actor=by, action=AuditEntry.Action.CHANGED, changes=diff)
    return incident


@transaction.atomic
def action_add(*, incident: Incident, by, description: str, owner: str, due_on: dt.date) -> IncidentAction:
    _require_manager(incident, by)
    action = IncidentAction(incident=incident, description=description.strip(), owner=owner.strip(), due_on=due_on)
    action.full_clean(exclude=["incident"])
    action.save()
    _audit(
        incident,
        actor=by,
        action=AuditEntry.Action.ACTION_ADDED,
        changes={"action": action.pk, "description": action.description, "owner": action.owner, "due_on": due_on.isoformat()},
    )
    return action


@transaction.atomic
def action_set_state(*, action: IncidentAction, by, state: str) -> IncidentAction:
    _require_manager(action.incident, by)
    if state not in IncidentAction.State.values:
        raise ValidationError({"state": f"Choose one of: {', '.join(IncidentAction.State.values)}."})
    before = action.state
    if before == state:
        return action
    action.state = state
    action.save(update_fields=["state"])
    _audit(action.incident, actor=by, action=AuditEntry.Action.ACTION_CHANGED, changes={"action": action.pk, "state": [before, state]})
    return action


@transaction.atomic
def feedback_send(*, incident: Incident, by, message: str) -> Feedback:
    _require_manager(incident, by)
    feedback = Feedback(incident=incident, author=by, message=message.strip())
    feedback.full_clean(exclude=["incident", "author"])
    feedback.save()
    _audit(incident, actor=by, action=AuditEntry.Action.FEEDBACK, changes={"feedback": feedback.pk})
    _announce(signals.feedback_sent, sender=Feedback, feedback_id=feedback.pk)
    return feedback


@transaction.atomic
def incident_link_duplicate(*, incident: Incident, by, original: Incident | None) -> Incident:
    """Mark `incident` as a duplicate report of `original` (or clear the link with None)."""
    _require_manager(incident, by)
    if original is not None:
        if original.pk == incident.pk:
            raise ValidationError({"duplicate_of": "An incident cannot be a duplicate of itself."})
        if not access.can_view(by, original):
            raise ValidationError({"duplicate_of": "No incident with that reference in your scope."})
        # Point at the root of a chain so that links never form a cycle.
        original = Incident.objects.get(pk=original.pk)
        seen = {incident.pk}
        while original.duplicate_of_id is not None:
            if original.pk in seen:
                break
            seen.add(original.pk)
            original = original.duplicate_of
        if original.pk == incident.pk:
            raise ValidationError({"duplicate_of": "That incident is already recorded as a duplicate of this one."})
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.duplicate_of_id == (original.pk if original else None):
        return incident
    before = incident.duplicate_of.reference if incident.duplicate_of else None
    incident.duplicate_of = original
    incident.save(update_fields=["duplicate_of", "updated_at"])
    _audit(
        incident,
        actor=by,
        action=AuditEntry.Action.LINKED,
        changes={"duplicate_of": [before, original.reference if original else None]},
    )
    return incident


def record_identifier_view(*, incident: Incident, by) -> None:
    """Audit that someone has seen this record's patient identifiers."""
    _audit(incident, actor=by, action=AuditEntry.Action.VIEWED_IDENTIFIERS)


def record_themes_confirmed(*, incident: Incident, by, confirmed: list[str], added: list[str], removed: list[str]) -> None:
    """Put a safety lead's theme decision (made in the learning app) on the incident's audit trail.

    Also tells listeners, after commit, that the record changed (so search re-indexes its themes).
    """
    _require_manager(incident, by)
    _audit(
        incident,
        actor=by,
        action=AuditEntry.Action.THEMES,
        changes={"themes": ", ".join(confirmed) or "none", "added": ", ".join(added) or "-", "removed": ", ".join(removed) or "-"},
    )
