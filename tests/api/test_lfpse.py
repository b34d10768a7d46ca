"""GET /api/v1/incidents/{reference}/lfpse/: the LFPSE-shaped export."""
import pytest

from incidents.models import AuditEntry
from tests.conftest import VALID_NHS_NUMBER
from tests.factories import submit

from .conftest import HOSPITAL_NUMBER, authenticate

pytestmark = pytest.mark.django_db


def _export(api, user, incident) -> dict:
    authenticate(api, user)
    response = api.get(f"/api/v1/incidents/{incident.reference}/lfpse/")
    assert response.status_code == 200, response.content
    return response.json()


def test_governance_gets_redacted_text_and_no_identifiers(api, world):
    people, incident = world
    body = _export(api, people["governance"], incident)
    text = str(body)
    assert body["text_redacted"] is True
    assert VALID_NHS_NUMBER not in text and HOSPITAL_NUMBER not in text and "Rita" not in text
    assert "enoxaparin" in body["description"]["what_happened"]
    assert not AuditEntry.objects.filter(incident=incident, action=AuditEntry.Action.VIEWED_IDENTIFIERS).exists()


def test_handler_reads_full_text_and_the_read_is_audited(api, world):
    people, incident = world
    body = _export(api, people["handler_in_scope"], incident)
    assert body["text_redacted"] is False
    assert VALID_NHS_NUMBER in body["description"]["what_happened"]
    assert "nhs_number" not in str(body.keys()) and "reporter" not in body
    assert AuditEntry.objects.filter(
        incident=incident, action=AuditEntry.Action.VIEWED_IDENTIFIERS, actor=people["handler_in_scope"]
    ).exists()


def test_mapping(api, world, ward):
    people, incident = world
    body = _export(api, people["admin"], incident)
    assert body["format"] == "vigil-lfpse-shaped/1"
    assert body["event"]["lfpse_event_type"] == "Incident"
    assert body["harm"]["physical_harm"] == {"value": "moderate", "label": "Moderate (short-term harm)"}
    assert body["location"]["site_ods_code"] == ward.directorate.site.code
    fhir = body["fhir_r4_adverse_event"]
    assert fhir["resourceType"] == "AdverseEvent" and fhir["actuality"] == "actual"
    assert fhir["identifier"] == [{"value": incident.reference}]
    assert {item["concept"] for item in body["unmapped"]} >= {"Patient age at the time of the incident"}

    near = _export(api, people["admin"], submit(ward, event_type="near_miss", physical_harm="none").incident)
    assert near["event"]["lfpse_event_type"] is None and near["notes"]
    assert near["fhir_r4_adverse_event"]["actuality"] == "potential"

    good = _export(api, people["admin"], submit(ward, event_type="good_care", physical_harm="none").incident)
    assert good["event"]["lfpse_event_type"] == "Good care" and good["fhir_r4_adverse_event"] is None
