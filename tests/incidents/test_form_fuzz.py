"""Hypothesis over the report form: any text in any field gives a page (saved, or errors), never a crash,
and never a half-made record."""
import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.models import AuditEntry, Incident, PatientDetails
from tests.support.fuzz import examples

pytestmark = pytest.mark.django_db

FIELDS = ["event_type", "occurred_at", "location", "narrative", "affected", "physical_harm", "psychological_harm",
          "immediate_actions", "number_affected", "specialty", "medicines", "devices", "nhs_number", "hospital_number"]
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(overrides=st.dictionaries(st.sampled_from(FIELDS), text, max_size=5))
def test_report_form_survives_any_input(ward, overrides):
    data = {
        "event_type": "incident",
        "occurred_at": (timezone.localtime() - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "location": str(ward.pk),
        "narrative": "Pt found on floor",
        "affected": "patient",
        "physical_harm": "low",
        "psychological_harm": "none",
        **overrides,
    }
    before = Incident.objects.count(), AuditEntry.objects.count(), PatientDetails.objects.count()
    response = Client().post(reverse("report"), data)
    assert response.status_code in (200, 302)
    after = Incident.objects.count(), AuditEntry.objects.count(), PatientDetails.objects.count()
    if response.status_code == 302:
        assert after[0] == before[0] + 1 and after[1] == before[1] + 1
    else:
        assert after == before
        assert "There is a problem" in response.content.decode()
