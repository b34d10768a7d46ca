"""Forms for the search page and saved searches."""
from __future__ import annotations

from django import forms

from .query import MAX_QUERY_CHARS


class SearchForm(forms.Form):
    q = forms.CharField(label="Search incidents", required=False, max_length=MAX_QUERY_CHARS * 2)
    sort = forms.ChoiceField(
        label="Sort by", required=False, choices=[("relevance", "Best match"), ("date", "Newest first")]
    )
    after = forms.DateField(label="Happened on or after", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    before = forms.DateField(label="Happened on or before", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    page = forms.IntegerField(required=False, min_value=1)


class SaveSearchForm(forms.Form):
    name = forms.CharField(label="Name this search", max_length=120, help_text="For example: Falls on Ward 4")
    notify = forms.BooleanField(label="E-mail me when new incidents match", required=False)
