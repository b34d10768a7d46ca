"""Shapes of incidents as the API answers them. api/presenters.py fills them as each user may read them."""
from __future__ import annotations

from rest_framework import serializers

from incidents.models import (
    Affected,
    EventType,
    IncidentAction,
    LearningResponse,
    PhysicalHarm,
    PsychologicalHarm,
    Status,
)
from learning.models import Theme


class LocationOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    directorate = serializers.CharField()
    site = serializers.CharField()
    site_code = serializers.CharField(help_text="ODS site code")
    path = serializers.CharField(help_text="Site > directorate > location")


class NamedOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PersonOut(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()


class CandourOut(serializers.Serializer):
    applies = serializers.BooleanField(help_text="At moderate or worse physical or psychological harm.")
    due = serializers.DateField(allow_null=True, help_text="Written notification due (10 working days after reporting).")
    verbal_on = serializers.DateField(allow_null=True)
    written_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()


class IncidentSummaryOut(serializers.Serializer):
    """An incident without its free text or identifiers: what lists and triage answers carry."""

    reference = serializers.CharField()
    event_type = serializers.ChoiceField(choices=EventType.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    occurred_at = serializers.DateTimeField()
    reported_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    location = LocationOut()
    specialty = NamedOut(allow_null=True)
    affected = serializers.ChoiceField(choices=Affected.choices)
    number_affected = serializers.IntegerField()
    physical_harm = serializers.ChoiceField(choices=PhysicalHarm.choices)
    psychological_harm = serializers.ChoiceField(choices=PsychologicalHarm.choices)
    handler = PersonOut(allow_null=True)
    learning_response = serializers.ChoiceField(choices=LearningResponse.choices)
    never_event = serializers.BooleanField()
    candour = CandourOut()
    duplicate_of = serializers.CharField(allow_null=True, help_text="Reference of the report this one duplicates.")
    themes = serializers.ListField(child=serializers.CharField(), help_text="Slugs of themes a safety lead confirmed.")


class ActionOut(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    owner = serializers.CharField()
    due_on = serializers.DateField()
    state = serializers.ChoiceField(choices=IncidentAction.State.choices)
    overdue = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class FeedbackOut(serializers.Serializer):
    id = serializers.IntegerField()
    message = serializers.CharField()
    author = serializers.CharField()
    created_at = serializers.DateTimeField()


class IncidentDetailOut(IncidentSummaryOut):
    """One incident as this caller may read it: text redacted and identifiers withheld unless their role allows."""

    narrative = serializers.CharField()
    immediate_actions = serializers.CharField(allow_blank=True)
    medicines = serializers.CharField(allow_blank=True)
    devices = serializers.CharField(allow_blank=True)
    identifiers_shown = serializers.BooleanField(
        help_text="True for handlers in scope and administrators; reading them is recorded in the audit trail."
    )
    nhs_number = serializers.CharField(allow_null=True, allow_blank=True, help_text="Null when withheld; empty when not given.")
    hospital_number = serializers.CharField(allow_null=True, allow_blank=True, help_text="Null when withheld; empty when not given.")
    reporter = serializers.CharField(help_text='Name, "Anonymous", or "Withheld" for roles that may not know.')
    duplicates = serializers.ListField(child=serializers.CharField(), help_text="References recorded as duplicates of this one.")
    actions = ActionOut(many=True)
    feedback = FeedbackOut(many=True)
    can_manage = serializers.BooleanField(help_text="Whether this caller may triage it.")
    allowed_transitions = serializers.ListField(child=serializers.ChoiceField(choices=Status.choices))


class TimelineItemOut(serializers.Serializer):
    at = serializers.DateTimeField()
    label = serializers.CharField()
    actor = serializers.CharField()
    details = serializers.CharField(allow_blank=True)


class IncidentFilters(serializers.Serializer):
    """Query parameters of GET /api/v1/incidents/."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    harm = serializers.ChoiceField(choices=PhysicalHarm.choices, required=False, help_text="Physical or psychological harm at this level.")
    event_type = serializers.ChoiceField(choices=EventType.choices, required=False)
    location = serializers.IntegerField(required=False, min_value=1)
    site = serializers.IntegerField(required=False, min_value=1)
    directorate = serializers.IntegerField(required=False, min_value=1)
    theme = serializers.SlugField(required=False, help_text="Slug of a confirmed theme (GET /api/v1/themes/).")
    date_from = serializers.DateField(required=False, help_text="Happened on or after this date.")
    date_to = serializers.DateField(required=False, help_text="Happened on or before this date.")
    text = serializers.CharField(
        required=False, allow_blank=True, max_length=200,
        help_text="Narrative contains this text (case-insensitive), as the caller reads it: redacted text for governance.",
    )
    candour_overdue = serializers.BooleanField(required=False, default=False)
    unassigned = serializers.BooleanField(required=False, default=False)

    def validate_theme(self, value: str) -> str:
        if not Theme.objects.filter(slug=value).exists():
            raise serializers.ValidationError("No theme with this slug; see GET /api/v1/themes/.")
        return value

    def validate(self, attrs):
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"date_to": ["Must be on or after date_from."]})
        return attrs
