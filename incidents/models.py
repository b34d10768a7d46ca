"""The incident domain, aligned with the LFPSE data set where a field has a national equivalent."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Site(models.Model):
    name = models.CharField(max_length=120, unique=True)
    code = models.CharField(max_length=20, unique=True, help_text="ODS site code, e.g. RX1CC")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Directorate(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="directorates")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["site__name", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="directorate_unique_per_site")]

    def __str__(self) -> str:
        return f"{self.site} > {self.name}"


class Location(models.Model):
    """A ward or department: the place an incident happened."""

    class Kind(models.TextChoices):
        WARD = "ward", "Ward"
        DEPARTMENT = "department", "Department"
        COMMUNITY = "community", "Community team"

    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WARD)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["directorate__site__name", "directorate__name", "name"]
        constraints = [models.UniqueConstraint(fields=["directorate", "name"], name="location_unique_per_directorate")]

    def __str__(self) -> str:
        return f"{self.name} ({self.directorate.site.name})"

    @property
    def path(self) -> str:
        return f"{self.directorate.site.name} > {self.directorate.name} > {self.name}"


class Specialty(models.Model):
    name = models.CharField(max_length=120, unique=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    """A staff member's role in Vigil and, for handlers, the scope they manage."""

    class Role(models.TextChoices):
        REPORTER = "reporter", "Reporter"
        HANDLER = "handler", "Safety lead (handler)"
        GOVERNANCE = "governance", "Governance viewer"
        ADMIN = "admin", "Administrator"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vigil_profile")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.REPORTER)
    job_title = models.CharField(max_length=120, blank=True)
    sites = models.ManyToManyField(Site, blank=True, related_name="handlers", help_text="Handler scope: whole sites")
    directorates = models.ManyToManyField(
        Directorate, blank=True, related_name="handlers", help_text="Handler scope: single directorates"
    )

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class EventType(models.TextChoices):
    INCIDENT = "incident", "Incident (something went wrong)"
    NEAR_MISS = "near_miss", "Near miss (caught before it reached anyone)"
    RISK = "risk", "Risk (something that could go wrong)"
    GOOD_CARE = "good_care", "Good care (something that went well)"


class Affected(models.TextChoices):
    PATIENT = "patient", "Patient"
    STAFF = "staff", "Staff member"
    VISITOR = "visitor", "Visitor or relative"
    NONE = "none", "No one"


class PhysicalHarm(models.TextChoices):
    NONE = "none", "None"
    LOW = "low", "Low (minimal harm)"
    MODERATE = "moderate", "Moderate (short-term harm)"
    SEVERE = "severe", "Severe (permanent or long-term harm)"
    FATAL = "fatal", "Fatal"


class PsychologicalHarm(models.TextChoices):
    NONE = "none", "None"
    LOW = "low", "Low (minimal distress)"
    MODERATE = "moderate", "Moderate (significant distress)"
    SEVERE = "severe", "Severe (long-term psychological harm)"


HARM_ORDER = ["none", "low", "moderate", "severe", "fatal"]
CANDOUR_PHYSICAL = {PhysicalHarm.MODERATE, PhysicalHarm.SEVERE, PhysicalHarm.FATAL}
CANDOUR_PSYCHOLOGICAL = {PsychologicalHarm.MODERATE, PsychologicalHarm.SEVERE}


class Status(models.TextChoices):
    REPORTED = "reported", "Reported"
    IN_TRIAGE = "in_triage", "In triage"
    UNDER_REVIEW = "under_review", "Under review"
    AWAITING_ACTIONS = "awaiting_actions", "Awaiting actions"
    CLOSED = "closed", "Closed"


# The workflow: which status may follow which. Closed may be reopened for review.
TRANSITIONS: dict[str, set[str]] = {
    Status.REPORTED: {Status.IN_TRIAGE},
    Status.IN_TRIAGE: {Status.UNDER_REVIEW, Status.CLOSED},
    Status.UNDER_REVIEW: {Status.AWAITING_ACTIONS, Status.CLOSED, Status.IN_TRIAGE},
    Status.AWAITING_ACTIONS: {Status.UNDER_REVIEW, Status.CLOSED},
    Status.CLOSED: {Status.UNDER_REVIEW},
}


class LearningResponse(models.TextChoices):
    """PSIRF learning responses (NHS England, Patient Safety Incident Response Framework, 2022)."""

    UNDECIDED = "", "Not yet decided"
    NONE = "none", "No further learning response"
    SWARM = "swarm", "SWARM huddle"
    AAR = "aar", "After Action Review"
    MDT = "mdt", "Multidisciplinary team review"
    PSII = "psii", "Patient Safety Incident Investigation (PSII)"
    THEMATIC = "thematic", "Input to a thematic review"


class Incident(models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    event_type = models.CharField(max_length=20, choices=EventType.choices)
    occurred_at = models.DateTimeField("when it happened")
    reported_at = models.DateTimeField(default=timezone.now, db_index=True)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="incidents")
    specialty = models.ForeignKey(Specialty, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    narrative = models.TextField("what happened")
    immediate_actions = models.TextField(blank=True)
    affected = models.CharField("who was affected", max_length=20, choices=Affected.choices)
    number_affected = models.PositiveSmallIntegerField(default=1)
    physical_harm = models.CharField(max_length=20, choices=PhysicalHarm.choices, default=PhysicalHarm.NONE)
    psychological_harm = models.CharField(
        max_length=20, choices=PsychologicalHarm.choices, default=PsychologicalHarm.NONE
    )
    medicines = models.TextField("medicines involved", blank=True)
    devices = models.TextField("devices involved", blank=True)

    # Null for an anonymous report: no identity is stored anywhere.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="reported_incidents"
    )
    follow_up_code_hash = models.CharField(max_length=64, blank=True, editable=False)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REPORTED, db_index=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="handled_incidents"
    )
    learning_response = models.CharField(max_length=20, choices=LearningResponse.choices, blank=True, default="")
    never_event = models.BooleanField(default=False)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )

    candour_applies = models.BooleanField("Duty of Candour applies", default=False, editable=False)
    candour_due = models.DateField("written notification due", null=True, blank=True, editable=False)
    candour_verbal_on = models.DateField("verbal notification given", null=True, blank=True)
    candour_written_on = models.DateField("written notification sent", null=True, blank=True)

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-reported_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(never_event=False) | Q(learning_response="psii"),
                name="never_event_requires_psii",
                violation_error_message="A Never Event requires a PSII learning response.",
            ),
            models.CheckConstraint(
                condition=Q(occurred_at__lte=models.F("reported_at")),
                name="occurred_not_after_reported",
                violation_error_message="An incident cannot happen after it was reported.",
            ),
            models.CheckConstraint(
                condition=Q(reporter__isnull=True) | Q(follow_up_code_hash=""),
                name="follow_up_code_only_for_anonymous",
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=models.F("id")), name="not_duplicate_of_itself"),
        ]
        indexes = [
            models.Index(fields=["status", "reported_at"]),
            models.Index(fields=["location", "reported_at"]),
            # Monthly counts by when it happened (learning's trend summary recounts a month from this alone).
            models.Index(fields=["occurred_at", "event_type", "duplicate_of", "location", "physical_harm",
                                 "psychological_harm", "never_event"], name="incident_occurred_idx"),
            models.Index(fields=["candour_applies", "candour_written_on", "candour_due"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_anonymous(self) -> bool:
        return self.reporter_id is None

    @property
    def candour_overdue(self) -> bool:
        return bool(
            self.candour_applies
            and self.candour_written_on is None
            and self.candour_due is not None
            and self.candour_due < timezone.localdate()
        )

    @property
    def allowed_transitions(self) -> list[str]:
        return sorted(TRANSITIONS[self.status], key=[s.value for s in Status].index)


class PatientDetails(models.Model):
    """Patient identifiers, kept apart so that they are only ever fetched on purpose, and audited."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="patient")
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    hospital_number = models.CharField(max_length=20, blank=True)

    def __str__(self) -> str:
        return f"Patient details for {self.incident}"


class ReferenceCounter(models.Model):
    """One row per year; references are taken from it under a row lock so they are never reused."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)


class IncidentAction(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=150, help_text="Person or team responsible")
    due_on = models.DateField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def overdue(self) -> bool:
        return self.state in {self.State.OPEN, self.State.IN_PROGRESS} and self.due_on < timezone.localdate()


class Feedback(models.Model):
    """A message to the reporter about what was done. Reporters (and anonymous code holders) see these."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="feedback")
    message = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # E-mail notice to a named reporter. Null until sent; retried until it is (anonymous reporters have no address).
    notified_at = models.DateTimeField(null=True, blank=True)
    notify_attempts = models.PositiveSmallIntegerField(default=0)
    notify_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "feedback"
        indexes = [models.Index(fields=["notified_at"], name="feedback_notified_idx")]


class AuditEntry(models.Model):
    """Append-only record of every create, change, transition and identifier view."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        CHANGED = "changed", "Changed"
        TRANSITION = "transition", "Status changed"
        VIEWED_IDENTIFIERS = "viewed_identifiers", "Viewed patient identifiers"
        ACTION_ADDED = "action_added", "Action added"
        ACTION_CHANGED = "action_changed", "Action changed"
        FEEDBACK = "feedback", "Feedback sent"
        LINKED = "linked", "Linked as duplicate"
        THEMES = "themes", "Themes confirmed"

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="audit_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    action = models.CharField(max_length=30, choices=Action.choices)
    changes = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name_plural = "audit entries"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Audit entries are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Audit entries are append-only and cannot be deleted.")


def local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()
