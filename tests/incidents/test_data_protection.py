import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from incidents import retention, services
from incidents.models import AuditEntry, Incident, PatientDetails, Status
from tests.conftest import VALID_NHS_NUMBER
from tests.factories import submit

pytestmark = pytest.mark.django_db


def close(incident, handler):
    services.incident_transition(incident=incident, by=handler, to=Status.IN_TRIAGE)
    services.incident_update(incident=incident, by=handler, learning_response="none")
    return services.incident_transition(incident=incident, by=handler, to=Status.CLOSED)


def test_retention_reports_first_then_applies(ward, handler, reporter, settings, capsys):
    settings.VIGIL_RETENTION = {"follow_up_codes": 1, "patient_identifiers": 3, "incidents": 5}
    old = submit(ward, anonymous=True, nhs_number=VALID_NHS_NUMBER).incident
    recent = submit(ward, reporter=reporter, nhs_number=VALID_NHS_NUMBER).incident
    open_one = submit(ward, reporter=reporter).incident
    close(old, handler)
    close(recent, handler)
    later = timezone.now() + dt.timedelta(days=365 * 4)
    steps = {s.rule: s.count for s, _ in retention.plan(now=later)}
    assert steps == {"follow_up_codes": 1, "patient_identifiers": 2, "incidents": 0}

    call_command("retention")
    out = capsys.readouterr().out
    assert "Would remove" in out and "Nothing was changed" in out
    assert PatientDetails.objects.count() == 2

    retention.apply(now=later)
    assert PatientDetails.objects.count() == 0
    assert Incident.objects.get(pk=old.pk).follow_up_code_hash == ""
    retention.apply(now=timezone.now() + dt.timedelta(days=365 * 6))
    assert list(Incident.objects.all()) == [open_one]
    assert not AuditEntry.objects.filter(incident_id__in=[old.pk, recent.pk]).exists()


def test_subject_access_for_a_patient_and_a_member_of_staff(ward, reporter, handler, capsys):
    named = submit(ward, reporter=reporter, nhs_number=VALID_NHS_NUMBER, hospital_number="RX1").incident
    submit(ward, reporter=reporter, anonymous=True, nhs_number="4010232137")
    services.feedback_send(incident=named, by=handler, message="Reviewed and shared.")

    call_command("subject_access", "--nhs-number", "943 476 5919")
    patient = json.loads(capsys.readouterr().out)
    assert [i["reference"] for i in patient["incidents"]] == [named.reference]
    assert patient["incidents"][0]["feedback"] == ["Reviewed and shared."]

    call_command("subject_access", "--username", reporter.username)
    staff = json.loads(capsys.readouterr().out)
    assert [i["reference"] for i in staff["reported_incidents"]] == [named.reference]  # anonymous one not linked

    call_command("subject_access", "--username", handler.username)
    lead = json.loads(capsys.readouterr().out)
    assert lead["feedback_written"][0]["incident"] == named.reference


def test_subject_access_rejects_bad_input():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="check digit"):
        call_command("subject_access", "--nhs-number", "9434765918")
    with pytest.raises(CommandError, match="No user"):
        call_command("subject_access", "--username", "nobody")
