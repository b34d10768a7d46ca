"""Web forms. They check what a person typed and hand clean values to the services."""
from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.conf import settings
from django.utils import timezone

from . import extensions
from .models import (
    Affected,
    EventType,
    Incident,
    IncidentAction,
    LearningResponse,
    Location,
    PhysicalHarm,
    PsychologicalHarm,
    Specialty,
    Status,
)
from .privacy import normalise_nhs_number
from .selectors import active_locations

_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>")
_EARLIEST_YEARS = 10


def reject_markup(value: str, label: str) -> str:
    if value and _HTML_TAG.search(value):
        raise forms.ValidationError(
            f"{label} contains HTML tags (text inside < and >). Describe what happened in plain words."
        )
    return value


def max_chars() -> int:
    return settings.VIGIL["MAX_NARRATIVE_CHARS"]


class LocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Location) -> str:
        return f"{obj.name} - {obj.directorate.name}"


def location_choices() -> list:
    """Locations grouped by site and directorate, for an <optgroup> select."""
    groups: dict[str, list] = {}
    for loc in active_locations():
        groups.setdefault(f"{loc.directorate.site.name} - {loc.directorate.name}", []).append((loc.pk, loc.name))
    return [("", "Choose where it happened")] + list(groups.items())


class NarrativeField(forms.CharField):
    widget = forms.Textarea

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("strip", True)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        limit = max_chars()
        if value and len(value) > limit:
            raise forms.ValidationError(
                f"{self.label} is {len(value):,} characters long; the most it can take is {limit:,}. "
                "Shorten it and keep the key facts."
            )
        return reject_markup(value, self.label)


class PlainTextField(forms.CharField):
    def clean(self, value):
        return reject_markup(super().clean(value), self.label)


class ReportForm(forms.Form):
    """The report form: a short required core first, optional details after."""

    # --- Core (at most 8 required answers) ---
    event_type = forms.ChoiceField(label="What are you reporting?", choices=EventType.choices, widget=forms.RadioSelect)
    occurred_at = forms.DateTimeField(
        label="When did it happen?",
        help_text="Date and time. An estimate is fine.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    location = LocationChoiceField(label="Where did it happen?", queryset=Location.objects.none())
    narrative = NarrativeField(
        label="What happened?",
        help_text="Describe the facts: what happened, what you saw. Avoid names; do not blame individuals.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    affected = forms.ChoiceField(label="Who was affected?", choices=Affected.choices, widget=forms.RadioSelect)
    physical_harm = forms.ChoiceField(
        label="Physical harm", choices=PhysicalHarm.choices, initial=PhysicalHarm.NONE, widget=forms.RadioSelect
    )
    psychological_harm = forms.ChoiceField(
        label="Psychological harm",
        choices=PsychologicalHarm.choices,
        initial=PsychologicalHarm.NONE,
        widget=forms.RadioSelect,
    )
    immediate_actions = NarrativeField(
        label="What was done straight away?",
        required=False,
        help_text="For example: patient checked, doctor informed, area made safe.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # --- Optional details ---
    number_affected = forms.IntegerField(label="How many people were affected?", min_value=0, max_value=500, initial=1, required=False)
    specialty = forms.ModelChoiceField(
        label="Specialty", queryset=Specialty.objects.filter(active=True), required=False, empty_label="Not known"
    )
    medicines = PlainTextField(label="Medicines involved", required=False, max_length=1000)
    devices = PlainTextField(label="Devices or equipment involved", required=False, max_length=1000)
    nhs_number = forms.CharField(
        label="Patient's NHS number",
        required=False,
        help_text="10 digits. Only the safety team handling the report can see it.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )
    hospital_number = PlainTextField(
        label="Patient's hospital number",
        required=False,
        max_length=20,
        help_text="Only the safety team handling the report can see it.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    anonymous = forms.BooleanField(
        label="Report anonymously",
        required=False,
        help_text="Your name will not be stored with this report. You will get a code to follow it up instead.",
    )

    CORE = ("event_type", "occurred_at", "location", "narrative", "affected", "physical_harm", "psychological_harm", "immediate_actions")
    DETAILS = ("number_affected", "specialty", "medicines", "devices", "nhs_number", "hospital_number")

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = active_locations()
        # A callable: the grouped menu is only built when a page renders it (the API never does).
        self.fields["location"].choices = location_choices
        if not signed_in:
            del self.fields["anonymous"]

    def core_fields(self):
        return [self[name] for name in self.CORE]

    def detail_fields(self):
        return [self[name] for name in self.DETAILS]

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        now = timezone.now()
        if value > now + dt.timedelta(minutes=5):
            raise forms.ValidationError("The date and time it happened must be today or in the past.")
        if value < now - dt.timedelta(days=365 * _EARLIEST_YEARS):
            raise forms.ValidationError(f"The date must be within the last {_EARLIEST_YEARS} years.")
        return value

    def clean_nhs_number(self):
        try:
            return normalise_nhs_number(self.cleaned_data.get("nhs_number", ""))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_number_affected(self):
        value = self.cleaned_data.get("number_affected")
        return 1 if value is None else value

    def clean(self):
        data = super().clean()
        if data.get("affected") == Affected.NONE and data.get("physical_harm") not in (None, PhysicalHarm.NONE):
            self.add_error("physical_harm", "You said no one was affected, so physical harm must be None.")
        if data.get("event_type") in (EventType.NEAR_MISS, EventType.GOOD_CARE) and data.get("physical_harm") not in (
            None,
            PhysicalHarm.NONE,
        ):
            self.add_error("physical_harm", "A near miss or good care report has no physical harm; choose None or report an incident.")
        return data

    def submission_data(self) -> dict:
        d = self.cleaned_data
        return {
            "event_type": d["event_type"],
            "occurred_at": d["occurred_at"],
            "location": d["location"],
            "specialty": d.get("specialty"),
            "narrative": d["narrative"],
            "immediate_actions": d.get("immediate_actions", ""),
            "affected": d["affected"],
            "number_affected": 0 if d["affected"] == Affected.NONE else d["number_affected"],
            "physical_harm": d["physical_harm"],
            "psychological_harm": d["psychological_harm"],
            "medicines": d.get("medicines", ""),
            "devices": d.get("devices", ""),
        }


class FollowUpForm(forms.Form):
    code = forms.CharField(
        label="Follow-up code",
        max_length=40,
        help_text="The code you were given when you reported, for example 7KQ2-M9XD-4HPA.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )


class TriageFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status")] + list(Status.choices), required=False)
    harm = forms.ChoiceField(choices=[("", "Any harm")] + list(PhysicalHarm.choices), required=False)
    event_type = forms.ChoiceField(choices=[("", "Any type")] + list(EventType.choices), required=False)
    location = LocationChoiceField(queryset=Location.objects.none(), required=False, empty_label="Any location")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    candour_overdue = forms.BooleanField(required=False, label="Duty of Candour overdue")
    unassigned = forms.BooleanField(required=False, label="Unassigned only")

    def __init__(self, *args, locations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations if locations is not None else active_locations()
        for extra in extensions.list_filters:
            self.fields[extra.name] = extra.field()


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(queryset=None, required=False, empty_label="Unassigned", label="Handler")

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers
        self.fields["handler"].label_from_instance = lambda u: u.get_full_name() or u.username


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label="Move to", choices=())

    def __init__(self, *args, incident: Incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s, Status(s).label) for s in incident.allowed_transitions]


class GradingForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["physical_harm", "psychological_harm", "learning_response", "never_event"]
        labels = {"never_event": "This is a Never Event"}

    def clean(self):
        data = super().clean()
        if data.get("never_event") and data.get("learning_response") != LearningResponse.PSII:
            self.add_error("learning_response", "A Never Event requires a PSII learning response.")
        return data


class CandourForm(forms.Form):
    verbal_on = forms.DateField(label="Verbal notification given on", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    written_on = forms.DateField(label="Written notification sent on", required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ActionForm(forms.Form):
    description = PlainTextField(label="Action", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    owner = PlainTextField(label="Owner", max_length=150)
    due_on = forms.DateField(label="Due", widget=forms.DateInput(attrs={"type": "date"}))


class ActionStateForm(forms.Form):
    state = forms.ChoiceField(choices=IncidentAction.State.choices)


class FeedbackForm(forms.Form):
    message = NarrativeField(
        label="Feedback to the reporter",
        help_text="What was found and what is being done. The reporter sees this, including anonymous reporters.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DuplicateForm(forms.Form):
    reference = forms.CharField(
        label="Duplicate of (reference)", required=False, max_length=20, help_text="Leave empty to remove the link."
    )

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()
