"""Run the web's forms on API input, so a rule about what may be submitted exists once.

The serializers check JSON types and document the fields; the incidents forms then apply the same rules
(markup refused, length limits, harm consistent with event type...) and produce the values the services take.
"""
from __future__ import annotations

from django import forms
from rest_framework import serializers

from .exceptions import NON_FIELD


def form_errors(form: forms.BaseForm, *, rename: dict[str, str] | None = None) -> dict[str, list[str]]:
    rename = rename or {}
    errors: dict[str, list[str]] = {}
    for name, messages in form.errors.items():
        key = NON_FIELD if name == "__all__" else rename.get(name, name)
        errors.setdefault(key, []).extend(str(m) for m in messages)
    return errors


def clean_with(form: forms.BaseForm, *, rename: dict[str, str] | None = None) -> dict:
    """The form's cleaned data, or a DRF ValidationError carrying its messages under the API's field names."""
    if not form.is_valid():
        raise serializers.ValidationError(form_errors(form, rename=rename))
    return form.cleaned_data


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a misspelt field is an error rather than silently ignored."""

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, dict) else []
        errors = {name: ["This field is not accepted here."] for name in unknown}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if errors and isinstance(exc.detail, dict):
                exc.detail.update(errors)
            raise
        if errors:
            raise serializers.ValidationError(errors)
        return value
