"""The shape of the LFPSE-shaped export (api/lfpse.py)."""
from __future__ import annotations

from rest_framework import serializers


class CodedOut(serializers.Serializer):
    value = serializers.CharField(allow_blank=True, help_text="Vigil's code")
    label = serializers.CharField()


class LfpseEventOut(serializers.Serializer):
    vigil_event_type = CodedOut()
    lfpse_event_type = serializers.CharField(allow_null=True, help_text="LFPSE event type by name; null where none is confirmed.")
    occurred_at = serializers.DateTimeField()
    reported_at = serializers.DateTimeField()
    never_event = serializers.BooleanField()


class LfpseLocationOut(serializers.Serializer):
    site_ods_code = serializers.CharField()
    site = serializers.CharField()
    directorate = serializers.CharField()
    location = serializers.CharField()
    kind = serializers.CharField()


class LfpseDescriptionOut(serializers.Serializer):
    what_happened = serializers.CharField()
    immediate_actions = serializers.CharField(allow_blank=True)
    medicines = serializers.CharField(allow_blank=True)
    devices = serializers.CharField(allow_blank=True)


class LfpseHarmOut(serializers.Serializer):
    affected = CodedOut()
    number_affected = serializers.IntegerField()
    physical_harm = CodedOut()
    psychological_harm = CodedOut()


class LfpseActionOut(serializers.Serializer):
    description = serializers.CharField()
    owner = serializers.CharField()
    due_on = serializers.DateField()
    state = serializers.CharField()


class FhirIdentifierOut(serializers.Serializer):
    value = serializers.CharField()


class FhirDisplayOut(serializers.Serializer):
    display = serializers.CharField()


class FhirAdverseEventOut(serializers.Serializer):
    resourceType = serializers.CharField()  # noqa: N815 (FHIR's element name)
    identifier = FhirIdentifierOut(many=True)
    actuality = serializers.ChoiceField(choices=["actual", "potential"])
    date = serializers.DateTimeField()
    recordedDate = serializers.DateTimeField()  # noqa: N815
    location = FhirDisplayOut()


class UnmappedOut(serializers.Serializer):
    concept = serializers.CharField()
    reason = serializers.CharField()


class LfpseExportOut(serializers.Serializer):
    format = serializers.CharField()
    reference = serializers.CharField()
    generated_at = serializers.DateTimeField()
    text_redacted = serializers.BooleanField(help_text="True when free text was redacted for the caller's role.")
    event = LfpseEventOut()
    location = LfpseLocationOut()
    description = LfpseDescriptionOut()
    harm = LfpseHarmOut()
    learning_response = CodedOut()
    actions = LfpseActionOut(many=True)
    fhir_r4_adverse_event = FhirAdverseEventOut(allow_null=True, help_text="FHIR R4 AdverseEvent core elements that map directly.")
    unmapped = UnmappedOut(many=True, help_text="What LFPSE asks for that Vigil does not record.")
    notes = serializers.ListField(child=serializers.CharField())
