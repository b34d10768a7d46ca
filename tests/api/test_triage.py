"""Triage through the API: the same services and rules as the web's triage panel."""
import datetime as dt

import pytest
from django.utils import timezone

from incidents import services
from incidents.models import AuditEntry, Feedback, IncidentAction
from tests.conftest import VALID_NHS_NUMBER
from tests.factories import submit

from .conftest import assert_error, authenticate

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(api, world):
    people, incident = world
    authenticate(api, people["handler_in_scope"])
    return people, incident, f"/api/v1/incidents/{incident.reference}"


def _due(days=14):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_transition_follows_the_workflow(api, lead):
    people, incident, base = lead
    error = assert_error(api.post(f"{base}/status/", {"to": "closed"}, format="json"), 400, "validation_error")
    assert "Allowed: In triage" in error["fields"]["to"][0]
    response = api.post(f"{base}/status/", {"to": "in_triage"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "in_triage"
    assert_error(api.post(f"{base}/status/", {"to": "nowhere"}, format="json"), 400)


def test_closing_needs_actions_done_and_a_learning_response(api, lead):
    people, incident, base = lead
    api.post(f"{base}/status/", {"to": "in_triage"}, format="json")
    api.post(f"{base}/actions/", {"description": "Check pumps", "owner": "Ward manager", "due_on": _due()}, format="json")
    error = assert_error(api.post(f"{base}/status/", {"to": "closed"}, format="json"), 400)
    assert "open action" in error["fields"]["to"][0]
    action = IncidentAction.objects.get(incident=incident)
    assert api.patch(f"{base}/actions/{action.pk}/", {"state": "done"}, format="json").json()["state"] == "done"
    error = assert_error(api.post(f"{base}/status/", {"to": "closed"}, format="json"), 400)
    assert "learning response" in error["fields"]["to"][0]
    api.post(f"{base}/grading/", {"learning_response": "none"}, format="json")
    assert api.post(f"{base}/status/", {"to": "closed"}, format="json").json()["status"] == "closed"


def test_assign_only_to_a_lead_for_the_location(api, lead, other_ward):
    people, incident, base = lead
    response = api.post(f"{base}/assign/", {"handler": people["site_handler_in_scope"].username}, format="json")
    assert response.status_code == 200
    assert response.json()["handler"]["username"] == people["site_handler_in_scope"].username
    for who in ("handler_out_of_scope", "governance", "reporter_own"):
        error = assert_error(api.post(f"{base}/assign/", {"handler": people[who].username}, format="json"), 400)
        assert "handler" in error["fields"]
    assert_error(api.post(f"{base}/assign/", {"handler": "nobody-here"}, format="json"), 400)
    assert api.post(f"{base}/assign/", {"handler": None}, format="json").json()["handler"] is None
    handlers = {h["username"] for h in api.get(f"{base}/handlers/").json()}
    assert handlers == {people["handler_in_scope"].username, people["site_handler_in_scope"].username}


def test_grading_is_partial_and_keeps_the_never_event_rule(api, lead):
    people, incident, base = lead
    body = api.post(f"{base}/grading/", {"learning_response": "aar"}, format="json").json()
    assert body["learning_response"] == "aar" and body["physical_harm"] == "moderate"
    error = assert_error(api.post(f"{base}/grading/", {"never_event": True}, format="json"), 400)
    assert "PSII" in error["fields"]["learning_response"][0]
    body = api.post(f"{base}/grading/", {"never_event": True, "learning_response": "psii"}, format="json").json()
    assert body["never_event"] is True and body["learning_response"] == "psii"
    body = api.post(f"{base}/grading/", {"physical_harm": "low"}, format="json").json()
    assert body["candour"]["applies"] is False and body["never_event"] is True
    assert_error(api.post(f"{base}/grading/", {}, format="json"), 400)
    changes = AuditEntry.objects.filter(incident=incident, action=AuditEntry.Action.CHANGED).count()
    assert changes == 3


def test_candour_dates(api, lead):
    people, incident, base = lead
    today = timezone.localdate()
    error = assert_error(api.post(f"{base}/candour/", {"verbal_on": (today + dt.timedelta(days=1)).isoformat()}, format="json"), 400)
    assert "future" in error["fields"]["verbal_on"][0]
    error = assert_error(api.post(f"{base}/candour/", {"written_on": (today - dt.timedelta(days=30)).isoformat()}, format="json"), 400)
    assert "before the incident" in error["fields"]["written_on"][0]
    body = api.post(f"{base}/candour/", {"verbal_on": today.isoformat()}, format="json").json()
    assert body["candour"]["verbal_on"] == today.isoformat() and body["candour"]["written_on"] is None
    body = api.post(f"{base}/candour/", {"written_on": today.isoformat()}, format="json").json()
    assert body["candour"]["verbal_on"] == today.isoformat(), "a field left out keeps its date"
    body = api.post(f"{base}/candour/", {"verbal_on": None}, format="json").json()
    assert body["candour"]["verbal_on"] is None and body["candour"]["written_on"] == today.isoformat()


def test_actions_use_the_web_forms_rules(api, lead, world):
    people, incident, base = lead
    error = assert_error(api.post(f"{base}/actions/", {"description": "<i>x</i>", "owner": "Ward", "due_on": _due()}, format="json"), 400)
    assert "HTML" in error["fields"]["description"][0]
    assert_error(api.post(f"{base}/actions/", {"description": "x", "owner": "Ward"}, format="json"), 400)
    response = api.post(f"{base}/actions/", {"description": "Retrain on enoxaparin", "owner": "Pharmacy", "due_on": _due()}, format="json")
    assert response.status_code == 201
    action_id = response.json()["id"]
    assert_error(api.patch(f"{base}/actions/{action_id}/", {"state": "finished"}, format="json"), 400)
    other = submit(incident.location, reporter=people["reporter_own"]).incident
    foreign = services.action_add(incident=other, by=people["admin"], description="x", owner="y", due_on=timezone.localdate())
    assert_error(api.patch(f"{base}/actions/{foreign.pk}/", {"state": "done"}, format="json"), 404, "not_found")
    assert_error(api.patch(f"{base}/actions/999999/", {"state": "done"}, format="json"), 404)


def test_feedback_reaches_named_and_anonymous_reporters(api, world, ward):
    people, incident = world
    anonymous = submit(ward)
    authenticate(api, people["handler_in_scope"])
    for target in (incident.reference, anonymous.incident.reference):
        response = api.post(f"/api/v1/incidents/{target}/feedback/", {"message": "Reviewed; new checks in place."}, format="json")
        assert response.status_code == 201
    assert_error(api.post(f"/api/v1/incidents/{incident.reference}/feedback/", {"message": "  "}, format="json"), 400)

    authenticate(api, people["reporter_own"])
    mine = api.get(f"/api/v1/me/reports/{incident.reference}/").json()
    assert [f["message"] for f in mine["feedback"]] == ["Reviewed; new checks in place."]
    assert "author" not in mine["feedback"][0]

    authenticate(api, None)
    found = api.post("/api/v1/follow-up/", {"code": anonymous.follow_up_code.lower()}, format="json").json()
    assert found["reference"] == anonymous.incident.reference
    assert [f["message"] for f in found["feedback"]] == ["Reviewed; new checks in place."]
    assert "narrative" not in found


def test_duplicate_links(api, lead, world, other_ward):
    people, incident, base = lead
    original = people["original"]
    body = api.post(f"{base}/duplicate/", {"duplicate_of": original.reference.lower()}, format="json").json()
    assert body["duplicate_of"] == original.reference
    error = assert_error(api.post(f"{base}/duplicate/", {"duplicate_of": incident.reference}, format="json"), 400)
    assert "itself" in error["fields"]["duplicate_of"][0]
    hidden = submit(other_ward).incident
    error = assert_error(api.post(f"{base}/duplicate/", {"duplicate_of": hidden.reference}, format="json"), 400)
    assert error["fields"]["duplicate_of"] == ["No incident with that reference in your scope."]
    assert api.post(f"{base}/duplicate/", {"duplicate_of": None}, format="json").json()["duplicate_of"] is None


def test_governance_reads_redacted_actions_feedback_and_timeline(api, world):
    people, incident = world
    admin = people["admin"]
    services.action_add(incident=incident, by=admin, description=f"Call patient {VALID_NHS_NUMBER}", owner="Ward", due_on=timezone.localdate())
    services.feedback_send(incident=incident, by=admin, message="Patient RX4455667 was reviewed.")
    authenticate(api, people["governance"])
    body = api.get(f"/api/v1/incidents/{incident.reference}/").json()
    timeline = api.get(f"/api/v1/incidents/{incident.reference}/timeline/").json()
    text = str(body) + str(timeline)
    assert VALID_NHS_NUMBER not in text and "RX4455667" not in text
    assert any(entry["actor"] == "Reporter" for entry in timeline)
    assert Feedback.objects.filter(message__contains="RX4455667").exists()
    authenticate(api, people["handler_in_scope"])
    assert VALID_NHS_NUMBER in str(api.get(f"/api/v1/incidents/{incident.reference}/timeline/").json())
