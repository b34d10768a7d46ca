"""POST /api/v1/incidents/: reports from systems, signed in or not, with the web form's rules."""
import datetime as dt

import pytest
from django.utils import timezone

from incidents import selectors
from incidents.models import AuditEntry, Incident, PatientDetails
from tests.conftest import VALID_NHS_NUMBER

from .conftest import assert_error, authenticate, report_body

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/"


def test_anonymous_submission_returns_reference_and_one_time_code(api, ward):
    response = api.post(URL, report_body(ward, nhs_number="943 476 5919"), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"].startswith("INC-") and body["anonymous"] is True and body["status"] == "reported"
    incident = Incident.objects.get(reference=body["reference"])
    assert incident.reporter is None
    assert incident.patient.nhs_number == VALID_NHS_NUMBER
    # The code works for follow-up, and is not stored in clear anywhere on the incident.
    assert selectors.incident_by_follow_up_code(code=body["follow_up_code"]) == incident
    assert body["follow_up_code"] not in str(Incident.objects.filter(pk=incident.pk).values().get())
    created = AuditEntry.objects.get(incident=incident, action=AuditEntry.Action.CREATED)
    assert created.actor is None


def test_unauthenticated_caller_cannot_claim_to_be_named(api, ward):
    response = api.post(URL, report_body(ward, anonymous=False), format="json")
    assert response.status_code == 201
    assert response.json()["anonymous"] is True and response.json()["follow_up_code"]


def test_signed_in_submission_keeps_reporter_and_has_no_code(api, ward, reporter):
    authenticate(api, reporter)
    response = api.post(URL, report_body(ward), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["anonymous"] is False and body["follow_up_code"] is None
    assert Incident.objects.get(reference=body["reference"]).reporter == reporter
    mine = api.get("/api/v1/me/reports/").json()["results"]
    assert [item["reference"] for item in mine] == [body["reference"]]


def test_signed_in_caller_may_report_anonymously(api, ward, reporter):
    authenticate(api, reporter)
    response = api.post(URL, report_body(ward, anonymous=True), format="json")
    body = response.json()
    assert response.status_code == 201 and body["anonymous"] is True and body["follow_up_code"]
    incident = Incident.objects.get(reference=body["reference"])
    assert incident.reporter is None
    assert not AuditEntry.objects.filter(incident=incident, actor=reporter).exists()
    assert api.get("/api/v1/me/reports/").json()["results"] == []


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"narrative": ""}, "narrative"),
        ({"narrative": "<script>alert(1)</script> fell"}, "narrative"),
        ({"occurred_at": (timezone.now() + dt.timedelta(days=1)).isoformat()}, "occurred_at"),
        ({"occurred_at": (timezone.now() - dt.timedelta(days=365 * 11)).isoformat()}, "occurred_at"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"location": 999999}, "location"),
        ({"event_type": "disaster"}, "event_type"),
        ({"nhs_number": "1234567890"}, "nhs_number"),
        ({"affected": "none", "physical_harm": "severe"}, "physical_harm"),
        ({"event_type": "near_miss", "physical_harm": "low"}, "physical_harm"),
        ({"medicines": "<b>x</b>"}, "medicines"),
        ({"narative": "typo"}, "narative"),
        ({"number_affected": -1}, "number_affected"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(api, ward, overrides, field):
    before = (Incident.objects.count(), PatientDetails.objects.count(), AuditEntry.objects.count())
    response = api.post(URL, report_body(ward, **overrides), format="json")
    error = assert_error(response, 400, "validation_error")
    assert field in error["fields"], error
    assert field in error["message"]
    assert (Incident.objects.count(), PatientDetails.objects.count(), AuditEntry.objects.count()) == before


def test_missing_required_fields_are_all_named(api):
    error = assert_error(api.post(URL, {}, format="json"), 400, "validation_error")
    assert {"event_type", "occurred_at", "location", "narrative", "affected", "physical_harm", "psychological_harm"} <= set(error["fields"])


def test_narrative_longer_than_the_limit_is_refused(api, ward, settings):
    settings.VIGIL = {**settings.VIGIL, "MAX_NARRATIVE_CHARS": 50}
    error = assert_error(api.post(URL, report_body(ward, narrative="x" * 51), format="json"), 400)
    assert "50" in error["fields"]["narrative"][0]


def test_inactive_location_is_refused(api, ward):
    ward.active = False
    ward.save()
    error = assert_error(api.post(URL, report_body(ward), format="json"), 400)
    assert "location" in error["fields"]


def test_malformed_json_and_wrong_content_type(api, ward):
    assert_error(api.post(URL, "{not json", content_type="application/json"), 400, "parse_error")
    assert_error(api.post(URL, "event_type=incident", content_type="application/x-www-form-urlencoded"), 415, "unsupported_media_type")
    assert_error(api.post(URL, [1, 2], format="json"), 400, "validation_error")
    assert Incident.objects.count() == 0


def test_candour_is_computed_by_the_service(api, ward, handler):
    reference = api.post(URL, report_body(ward, physical_harm="moderate"), format="json").json()["reference"]
    incident = Incident.objects.get(reference=reference)
    assert incident.candour_applies and incident.candour_due is not None
    authenticate(api, handler)
    candour = api.get(f"/api/v1/incidents/{reference}/").json()["candour"]
    assert candour["applies"] is True and candour["due"] == incident.candour_due.isoformat()
