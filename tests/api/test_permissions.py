"""The role x action x scope matrix over the API, mirroring tests/incidents/test_permissions.py for the web.

Differences from the web are only in how HTTP says it: no credentials is 401 (not a redirect to sign in), and a
reporter asking for an incident gets 404 (their own reports are under /api/v1/me/reports/, not a redirect).
"""
import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from incidents import services
from incidents.models import AuditEntry
from tests.conftest import VALID_NHS_NUMBER
from tests.factories import PASSWORD

from .conftest import HOSPITAL_NUMBER, assert_error, authenticate

pytestmark = pytest.mark.django_db

READ_EXPECTED = {
    # who: (list status, sees the incident in the list, status of detail / timeline / lfpse / handlers)
    "anonymous": (401, False, 401),
    "reporter_own": (403, False, 404),
    "reporter_other": (403, False, 404),
    "handler_in_scope": (200, True, 200),
    "site_handler_in_scope": (200, True, 200),
    "handler_out_of_scope": (200, False, 404),
    "governance": (200, True, 200),
    "admin": (200, True, 200),
}


@pytest.mark.parametrize("who", READ_EXPECTED)
def test_reading_incidents(api, world, who):
    people, incident = world
    authenticate(api, people[who])
    list_status, listed, detail_status = READ_EXPECTED[who]
    response = api.get("/api/v1/incidents/")
    assert response.status_code == list_status
    if list_status == 200:
        references = [item["reference"] for item in response.json()["results"]]
        assert (incident.reference in references) is listed
    else:
        assert_error(response, list_status)
    for suffix in ("", "timeline/", "lfpse/", "handlers/"):
        response = api.get(f"/api/v1/incidents/{incident.reference}/{suffix}")
        assert response.status_code == detail_status, suffix
        if detail_status != 200:
            assert_error(response, detail_status)


def test_not_found_and_out_of_scope_answer_alike(api, world):
    """A handler cannot tell an incident outside their scope from one that does not exist."""
    people, incident = world
    authenticate(api, people["handler_out_of_scope"])
    hidden = api.get(f"/api/v1/incidents/{incident.reference}/").json()
    missing = api.get("/api/v1/incidents/INC-1999-000001/").json()
    assert hidden == missing


IDENTIFIER_VISIBLE = {"handler_in_scope": True, "site_handler_in_scope": True, "admin": True, "governance": False}


@pytest.mark.parametrize("who", IDENTIFIER_VISIBLE)
def test_identifiers_and_reporter_only_for_case_handlers(api, world, who):
    people, incident = world
    authenticate(api, people[who])
    response = api.get(f"/api/v1/incidents/{incident.reference}/")
    text = response.content.decode()
    visible = IDENTIFIER_VISIBLE[who]
    body = response.json()
    assert (VALID_NHS_NUMBER in text) is visible
    assert (HOSPITAL_NUMBER in text) is visible
    assert ("Rita" in text) is visible
    assert body["identifiers_shown"] is visible
    if visible:
        assert body["nhs_number"] == VALID_NHS_NUMBER and body["reporter"] == "Rita Reporter"
    else:
        assert body["nhs_number"] is None and body["hospital_number"] is None and body["reporter"] == "Withheld"
        assert "[NHS number]" in body["narrative"]
    viewed = AuditEntry.objects.filter(incident=incident, action=AuditEntry.Action.VIEWED_IDENTIFIERS, actor=people[who])
    assert viewed.count() == (1 if visible else 0)


@pytest.fixture
def open_action(world):
    people, incident = world
    return services.action_add(
        incident=incident, by=people["admin"], description="Audit enoxaparin charts", owner="Pharmacy",
        due_on=timezone.localdate() + dt.timedelta(days=7),
    )


def _triage_requests(incident, people, action):
    base = f"/api/v1/incidents/{incident.reference}"
    due = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    return {
        "transition": ("post", f"{base}/status/", {"to": "in_triage"}, 200),
        "assign": ("post", f"{base}/assign/", {"handler": people["handler_in_scope"].username}, 200),
        "grading": ("post", f"{base}/grading/", {"physical_harm": "severe", "learning_response": "aar"}, 200),
        "candour": ("post", f"{base}/candour/", {"verbal_on": timezone.localdate().isoformat()}, 200),
        "action": ("post", f"{base}/actions/", {"description": "Review prescribing", "owner": "Pharmacy", "due_on": due}, 201),
        "action_state": ("patch", f"{base}/actions/{action.pk}/", {"state": "in_progress"}, 200),
        "feedback": ("post", f"{base}/feedback/", {"message": "Thank you, reviewed."}, 201),
        "duplicate": ("post", f"{base}/duplicate/", {"duplicate_of": people["original"].reference}, 200),
    }


WRITE_EXPECTED = {
    "anonymous": 401,
    "reporter_own": 404,
    "reporter_other": 404,
    "handler_in_scope": "ok",
    "site_handler_in_scope": "ok",
    "handler_out_of_scope": 404,
    "governance": 403,
    "admin": "ok",
}


@pytest.mark.parametrize("action", ["transition", "assign", "grading", "candour", "action", "action_state", "feedback", "duplicate"])
@pytest.mark.parametrize("who", WRITE_EXPECTED)
def test_triage_actions(api, world, open_action, who, action):
    people, incident = world
    authenticate(api, people[who])
    method, url, data, ok_status = _triage_requests(incident, people, open_action)[action]
    before = AuditEntry.objects.filter(incident=incident).count()
    response = getattr(api, method)(url, data, format="json")
    expected = ok_status if WRITE_EXPECTED[who] == "ok" else WRITE_EXPECTED[who]
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert_error(response, expected)
    changed = AuditEntry.objects.filter(incident=incident).exclude(action=AuditEntry.Action.VIEWED_IDENTIFIERS).count() > before
    assert changed is (WRITE_EXPECTED[who] == "ok")


MY_REPORT_EXPECTED = {"reporter_own": 200, "reporter_other": 404, "handler_in_scope": 404, "governance": 404, "admin": 404, "anonymous": 401}


@pytest.mark.parametrize("who", MY_REPORT_EXPECTED)
def test_my_report_is_only_for_its_reporter(api, world, who):
    people, incident = world
    authenticate(api, people[who])
    response = api.get(f"/api/v1/me/reports/{incident.reference}/")
    assert response.status_code == MY_REPORT_EXPECTED[who]
    listing = api.get("/api/v1/me/reports/")
    if who == "anonymous":
        assert_error(listing, 401, "not_authenticated")
    else:
        references = [item["reference"] for item in listing.json()["results"]]
        assert (incident.reference in references) is (who == "reporter_own")


def test_session_authentication_works_and_needs_csrf_for_changes(world):
    people, incident = world
    client = APIClient(enforce_csrf_checks=True)
    assert client.login(username=people["handler_in_scope"].username, password=PASSWORD)
    assert client.get(f"/api/v1/incidents/{incident.reference}/").status_code == 200
    response = client.post(f"/api/v1/incidents/{incident.reference}/status/", {"to": "in_triage"}, format="json")
    error = assert_error(response, 403, "permission_denied")
    assert "CSRF" in error["message"]
    incident.refresh_from_db()
    assert incident.status == "reported"


def test_a_bad_token_is_refused_not_treated_as_anonymous(api, world):
    people, incident = world
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get("/api/v1/incidents/")
    assert_error(response, 401, "authentication_failed")
    assert response["WWW-Authenticate"] == "Token"


def test_an_inactive_users_token_stops_working(api, world):
    people, incident = world
    handler = people["handler_in_scope"]
    authenticate(api, handler)
    assert api.get("/api/v1/incidents/").status_code == 200
    handler.is_active = False
    handler.save()
    assert_error(api.get("/api/v1/incidents/"), 401, "authentication_failed")
