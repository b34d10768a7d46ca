"""Forms for theme review at triage and the triage-queue theme filter."""
from __future__ import annotations

from django import forms

from .models import Theme


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Theme) -> str:
        return obj.name


class ThemeReviewForm(forms.Form):
    """The themes a safety lead confirms. Leaving every box empty records that no theme applies."""

    themes = ThemeChoiceField(
        queryset=Theme.objects.filter(active=True),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Themes that apply",
        help_text="Ticked boxes start from the classifier's suggestions. Untick what is wrong, tick what is missing.",
    )


def theme_filter_field() -> forms.Field:
    """The triage-queue filter: incidents with this confirmed theme."""
    return forms.ModelChoiceField(
        queryset=Theme.objects.filter(active=True),
        to_field_name="slug",
        required=False,
        empty_label="Any theme",
        label="Confirmed theme",
    )
