"""The role x action x scope matrix over the web pages.

Out-of-scope incidents answer 404 (their existence is not disclosed); a role that may read an incident
but not change it gets 403 on changes.
"""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import AuditEntry, Incident, StaffProfile
from tests.conftest import VALID_NHS_NUMBER
from tests.factories import PASSWORD, make_user, submit

pytestmark = pytest.mark.django_db

Role = StaffProfile.Role




def client_for(client, user):
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


READ_EXPECTED = {
    # who: (list status, sees the incident in the list, detail status)
    "anonymous": (302, False, 302),
    "reporter_own": (403, False, 302),
    "reporter_other": (403, False, 404),
    "handler_in_scope": (200, True, 200),
    "site_handler_in_scope": (200, True, 200),
    "handler_out_of_scope": (200, False, 404),
    "governance": (200, True, 200),
    "admin": (200, True, 200),
}


@pytest.mark.parametrize("who", READ_EXPECTED)
def test_reading_incidents(client, world, who):
    people, incident = world
    client_for(client, people[who])
    list_status, listed, detail_status = READ_EXPECTED[who]
    response = client.get(reverse("incident_list"))
    assert response.status_code == list_status
    if list_status == 200:
        assert (incident.reference in response.content.decode()) is listed
    response = client.get(reverse("incident_detail", args=[incident.reference]))
    assert response.status_code == detail_status
    if who == "reporter_own":
        assert response.url == reverse("my_report", args=[incident.reference])


IDENTIFIER_VISIBLE = {"handler_in_scope": True, "site_handler_in_scope": True, "admin": True, "governance": False}


@pytest.mark.parametrize("who", IDENTIFIER_VISIBLE)
def test_identifiers_and_reporter_only_for_case_handlers(client, world, who):
    people, incident = world
    client_for(client, people[who])
    page = client.get(reverse("incident_detail", args=[incident.reference])).content.decode()
    reporter = people["reporter_own"]
    visible = IDENTIFIER_VISIBLE[who]
    assert (VALID_NHS_NUMBER in page) is visible
    assert ("RX4455667" in page) is visible
    assert (reporter.get_full_name() in page) is visible
    viewed = AuditEntry.objects.filter(incident=incident, action=AuditEntry.Action.VIEWED_IDENTIFIERS, actor=people[who])
    assert viewed.exists() is visible


def _triage_posts(incident, people):
    today = timezone.localdate().isoformat()
    return {
        "transition": (reverse("incident_transition", args=[incident.reference]), {"to": "in_triage"}),
        "assign": (reverse("incident_assign", args=[incident.reference]), {"handler": people["handler_in_scope"].pk}),
        "grading": (
            reverse("incident_grading", args=[incident.reference]),
            {"physical_harm": "severe", "psychological_harm": "none", "learning_response": "aar"},
        ),
        "candour": (reverse("incident_candour", args=[incident.reference]), {"verbal_on": today, "written_on": ""}),
        "action": (
            reverse("action_add", args=[incident.reference]),
            {"description": "Review enoxaparin prescribing", "owner": "Pharmacy", "due_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat()},
        ),
        "feedback": (reverse("feedback_send", args=[incident.reference]), {"message": "Thank you, reviewed."}),
        "duplicate": (reverse("incident_duplicate", args=[incident.reference]), {"reference": people["original"].reference}),
    }


WRITE_EXPECTED = {
    "anonymous": 302,  # to sign in
    "reporter_own": 404,
    "reporter_other": 404,
    "handler_in_scope": 302,  # done, back to the incident page
    "site_handler_in_scope": 302,
    "handler_out_of_scope": 404,
    "governance": 403,
    "admin": 302,
}


@pytest.mark.parametrize("action", ["transition", "assign", "grading", "candour", "action", "feedback", "duplicate"])
@pytest.mark.parametrize("who", WRITE_EXPECTED)
def test_triage_actions(client, world, who, action):
    people, incident = world
    client_for(client, people[who])
    url, data = _triage_posts(incident, people)[action]
    before = AuditEntry.objects.filter(incident=incident).count()
    response = client.post(url, data)
    assert response.status_code == WRITE_EXPECTED[who]
    changed = AuditEntry.objects.filter(incident=incident).exclude(action=AuditEntry.Action.VIEWED_IDENTIFIERS).count() > before
    expected_change = WRITE_EXPECTED[who] == 302 and who != "anonymous"
    assert changed is expected_change
    if who == "anonymous":
        assert response.url.startswith(reverse("login"))


MY_REPORT_EXPECTED = {"reporter_own": 200, "reporter_other": 404, "handler_in_scope": 404, "governance": 404, "anonymous": 302}


@pytest.mark.parametrize("who", MY_REPORT_EXPECTED)
def test_my_report_page_is_only_for_its_reporter(client, world, who):
    people, incident = world
    client_for(client, people[who])
    response = client.get(reverse("my_report", args=[incident.reference]))
    assert response.status_code == MY_REPORT_EXPECTED[who]


def test_governance_list_never_shows_identifiers(client, world):
    people, incident = world
    client_for(client, people["governance"])
    page = client.get(reverse("incident_list")).content.decode()
    assert VALID_NHS_NUMBER not in page
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_governance_never_sees_identifiers_in_actions_feedback_or_timeline(client, world):
    from incidents import services

    people, incident = world
    lead = people["handler_in_scope"]
    services.action_add(
        incident=incident, by=lead, description=f"Check notes of {VALID_NHS_NUMBER}", owner="Pharmacy",
        due_on=timezone.localdate() + dt.timedelta(days=7),
    )
    services.feedback_send(incident=incident, by=lead, message="Reviewed RX4455667 with the team.")
    client_for(client, people["governance"])
    page = client.get(reverse("incident_detail", args=[incident.reference])).content.decode()
    assert "Check notes of" in page and "Reviewed" in page
    assert VALID_NHS_NUMBER not in page and "RX4455667" not in page
    client.logout()
    client_for(client, lead)
    page = client.get(reverse("incident_detail", args=[incident.reference])).content.decode()
    assert VALID_NHS_NUMBER in page and "RX4455667" in page
