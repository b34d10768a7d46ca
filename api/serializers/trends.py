"""Trends: SPC results, goals and measures."""
from __future__ import annotations

from rest_framework import serializers

from ..validation import StrictSerializer


class SpcPointOut(serializers.Serializer):
    index = serializers.IntegerField()
    label = serializers.CharField(allow_null=True)
    value = serializers.FloatField()
    period = serializers.IntegerField()
    special_cause = serializers.BooleanField()
    rules = serializers.ListField(child=serializers.CharField())
    side = serializers.CharField(allow_null=True)
    meaning = serializers.CharField(allow_null=True)


class SpcPeriodOut(serializers.Serializer):
    index = serializers.IntegerField()
    start = serializers.IntegerField()
    stop = serializers.IntegerField()
    mean = serializers.FloatField()
    median = serializers.FloatField()
    lcl = serializers.FloatField(allow_null=True)
    ucl = serializers.FloatField(allow_null=True)


class SpcOut(serializers.Serializer):
    chart = serializers.CharField(help_text="xmr, run (fewer than 15 points) or t.")
    better = serializers.CharField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    mean = serializers.FloatField()
    median = serializers.FloatField()
    lcl = serializers.FloatField(allow_null=True)
    ucl = serializers.FloatField(allow_null=True)
    variation = serializers.CharField()
    assurance = serializers.CharField()
    periods = SpcPeriodOut(many=True)
    points = SpcPointOut(many=True)
    warnings = serializers.ListField(child=serializers.CharField())


class SpcInput(StrictSerializer):
    values = serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=1000)
    better = serializers.ChoiceField(choices=["up", "down"], required=False, allow_null=True, default=None)
    target = serializers.FloatField(required=False, allow_null=True, default=None)
    recalculate_at = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)
    labels = serializers.ListField(child=serializers.CharField(max_length=40), required=False, allow_null=True, default=None)


class GoalOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    measure = serializers.CharField()
    themes = serializers.ListField(child=serializers.CharField())
    better = serializers.CharField()
    target = serializers.FloatField(allow_null=True)
    target_date = serializers.DateField(allow_null=True)
    owner = serializers.CharField()
    committee = serializers.CharField()
    variation = serializers.CharField(allow_null=True)
    assurance = serializers.CharField(allow_null=True)
    latest_value = serializers.FloatField(allow_null=True)
    error = serializers.CharField(allow_null=True, help_text="Why the goal cannot be charted yet, if it cannot.")


class GoalDetailOut(GoalOut):
    spc = SpcOut(allow_null=True)
    signals = serializers.ListField(child=serializers.DictField())


class MeasureFilters(StrictSerializer):
    theme = serializers.SlugField(required=False)
    harm = serializers.ChoiceField(choices=["moderate_and_above", "physical_moderate_and_above", "psychological_moderate_and_above", "severe_and_above", "fatal"], required=False)
    site = serializers.IntegerField(required=False)
    directorate = serializers.IntegerField(required=False)
    location = serializers.IntegerField(required=False)
    interval = serializers.ChoiceField(choices=["month", "week"], required=False, default="month")
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    better = serializers.ChoiceField(choices=["up", "down"], required=False, default="down")

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"start": ["start must be on or before end."]})
        return attrs


class MeasureOut(serializers.Serializer):
    interval = serializers.CharField()
    periods = serializers.ListField(child=serializers.DateField())
    counts = serializers.ListField(child=serializers.IntegerField())
    incomplete = serializers.ListField(child=serializers.DateField())
    spc = SpcOut(allow_null=True)
    spc_error = serializers.CharField(allow_null=True)
