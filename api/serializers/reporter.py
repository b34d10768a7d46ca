"""A reporter's view of their reports, and the anonymous follow-up look-up."""
from __future__ import annotations

from rest_framework import serializers

from incidents.models import EventType, Status

from ..validation import StrictSerializer


class ReporterFeedbackOut(serializers.Serializer):
    message = serializers.CharField()
    created_at = serializers.DateTimeField()


class ReportStatusOut(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    event_type = serializers.ChoiceField(choices=EventType.choices)
    reported_at = serializers.DateTimeField()
    feedback = ReporterFeedbackOut(many=True, help_text="Messages from the safety team about this report.")


class OwnReportOut(ReportStatusOut):
    location = serializers.CharField()
    narrative = serializers.CharField()


class OwnReportSummaryOut(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    event_type = serializers.ChoiceField(choices=EventType.choices)
    reported_at = serializers.DateTimeField()
    location = serializers.CharField()
    feedback_count = serializers.IntegerField()


class FollowUpInput(StrictSerializer):
    code = serializers.CharField(
        max_length=40, help_text="The code given when the report was sent, for example 7KQ2-M9XD-4HPA."
    )
