"""Triage input. Where the web has a form with rules of its own, the same form checks the API's input."""
from __future__ import annotations

from django.forms.models import model_to_dict
from rest_framework import serializers

from incidents.forms import ActionForm, FeedbackForm, GradingForm
from incidents.models import IncidentAction, LearningResponse, PhysicalHarm, PsychologicalHarm, Status

from ..validation import StrictSerializer, clean_with

GRADING_FIELDS = ("physical_harm", "psychological_harm", "learning_response", "never_event")


class AssignInput(StrictSerializer):
    handler = serializers.CharField(
        allow_null=True, max_length=150,
        help_text="Username of a safety lead for this location (GET .../handlers/), or null to unassign.",
    )


class TransitionInput(StrictSerializer):
    to = serializers.ChoiceField(choices=Status.choices, help_text="Must be one of the incident's allowed_transitions.")


class GradingInput(StrictSerializer):
    """Any of the four grading fields; those left out keep their current values."""

    physical_harm = serializers.ChoiceField(choices=PhysicalHarm.choices, required=False)
    psychological_harm = serializers.ChoiceField(choices=PsychologicalHarm.choices, required=False)
    learning_response = serializers.ChoiceField(choices=LearningResponse.choices, required=False, allow_blank=True)
    never_event = serializers.BooleanField(required=False, help_text="A Never Event requires a PSII learning response.")

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(f"Send at least one of: {', '.join(GRADING_FIELDS)}.")
        incident = self.context["incident"]
        data = {**model_to_dict(incident, fields=GRADING_FIELDS), **attrs}
        if not data["never_event"]:
            data.pop("never_event")  # an unticked checkbox is an absent field on the web form
        return clean_with(GradingForm(data=data, instance=incident))


class CandourInput(StrictSerializer):
    """Duty of Candour dates; a field left out keeps its date, null clears it."""

    verbal_on = serializers.DateField(required=False, allow_null=True, help_text="Verbal notification given on.")
    written_on = serializers.DateField(required=False, allow_null=True, help_text="Written notification sent on.")

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send verbal_on, written_on or both.")
        incident = self.context["incident"]
        return {
            "verbal_on": attrs.get("verbal_on", incident.candour_verbal_on),
            "written_on": attrs.get("written_on", incident.candour_written_on),
        }


class ActionInput(StrictSerializer):
    description = serializers.CharField(help_text="What will be done. Plain text.")
    owner = serializers.CharField(help_text="Person or team responsible.")
    due_on = serializers.DateField()

    def validate(self, attrs):
        return clean_with(ActionForm(data=attrs))


class ActionStateInput(StrictSerializer):
    state = serializers.ChoiceField(choices=IncidentAction.State.choices)


class FeedbackInput(StrictSerializer):
    message = serializers.CharField(
        help_text="What was found and what is being done. The reporter sees it, including anonymous reporters."
    )

    def validate(self, attrs):
        return clean_with(FeedbackForm(data=attrs))


class DuplicateInput(StrictSerializer):
    duplicate_of = serializers.CharField(
        allow_null=True, allow_blank=True, max_length=20,
        help_text="Reference of the original report, or null to remove the link.",
    )


class HandlerOut(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
