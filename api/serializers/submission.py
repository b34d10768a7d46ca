"""Submitting a report: input checked by the web report form's rules, output with the one-time follow-up code."""
from __future__ import annotations

from rest_framework import serializers

from incidents.forms import ReportForm
from incidents.models import Affected, EventType, PhysicalHarm, PsychologicalHarm

from ..validation import StrictSerializer, clean_with


class SubmissionInput(StrictSerializer):
    event_type = serializers.ChoiceField(choices=EventType.choices)
    occurred_at = serializers.DateTimeField(help_text="When it happened (ISO 8601). An estimate is fine; not in the future.")
    location = serializers.IntegerField(help_text="Location id from GET /api/v1/locations/.")
    narrative = serializers.CharField(help_text="What happened: the facts. Plain text, no HTML.")
    affected = serializers.ChoiceField(choices=Affected.choices)
    physical_harm = serializers.ChoiceField(choices=PhysicalHarm.choices)
    psychological_harm = serializers.ChoiceField(choices=PsychologicalHarm.choices)
    immediate_actions = serializers.CharField(required=False, allow_blank=True, default="")
    number_affected = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=500)
    specialty = serializers.IntegerField(required=False, allow_null=True, help_text="Specialty id from GET /api/v1/specialties/.")
    medicines = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    devices = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    nhs_number = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20,
        help_text="10 digits with a valid check digit. Only the handling safety team can see it.",
    )
    hospital_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    anonymous = serializers.BooleanField(
        required=False, default=False,
        help_text="Signed-in callers only: keep no record of who reported. Reports sent without signing in are always anonymous.",
    )

    def validate(self, attrs):
        """Apply the report form's rules and return the arguments for services.incident_submit."""
        signed_in = bool(self.context.get("signed_in"))
        form_data = {name: value for name, value in attrs.items() if value is not None}
        form = ReportForm(data=form_data, signed_in=signed_in)
        cleaned = clean_with(form)
        return {
            "data": form.submission_data(),
            "anonymous": bool(cleaned.get("anonymous")) or not signed_in,
            "nhs_number": cleaned["nhs_number"],
            "hospital_number": cleaned["hospital_number"],
        }


class SubmissionOutput(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()
    reported_at = serializers.DateTimeField()
    anonymous = serializers.BooleanField()
    follow_up_code = serializers.CharField(
        allow_null=True,
        help_text="Anonymous reports only: the one way to follow the report up. Shown once and stored only as a hash.",
    )
