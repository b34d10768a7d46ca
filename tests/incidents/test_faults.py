"""Faults while saving: nothing half-saved, a clear message, nothing typed lost."""
import datetime as dt
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from incidents.models import AuditEntry, Incident, PatientDetails, ReferenceCounter

pytestmark = pytest.mark.django_db


def test_database_dropping_mid_submission_saves_nothing_and_keeps_the_text(client, ward):
    data = {
        "event_type": "incident",
        "occurred_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "location": ward.pk,
        "narrative": "Syringe driver alarmed, found occluded line, dose delayed 2 hrs",
        "affected": "patient",
        "physical_harm": "low",
        "psychological_harm": "none",
        "nhs_number": "9434765919",
    }
    # The connection drops after the incident row is written, while the patient details are written.
    with mock.patch.object(PatientDetails.objects, "create", side_effect=OperationalError("server closed the connection unexpectedly")):
        response = client.post(reverse("report"), data)
    assert response.status_code == 503
    page = response.content.decode()
    assert "could not be saved" in page and "Nothing was saved" in page
    assert "Syringe driver alarmed, found occluded line" in page
    assert not Incident.objects.exists()
    assert not AuditEntry.objects.exists()
    assert not ReferenceCounter.objects.filter(last_number__gt=0).exists()

    # Submitting again once the database is back saves exactly one report.
    response = client.post(reverse("report"), data)
    assert response.status_code == 302
    assert Incident.objects.count() == 1 and PatientDetails.objects.count() == 1
