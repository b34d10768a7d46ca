"""Free text a person types is never markup on any page that shows it.

Two layers, each tested for every free-text field: tags are refused with a clear error (a report is plain
words), and what gets through (quotes, ampersands, a lone "<") is escaped wherever it is shown, so it can
neither open an element nor leave an attribute.
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident, IncidentAction
from tests.api.conftest import report_body
from tests.factories import PASSWORD
from tests.incidents.test_views import form_data

TAG = '<img src=x onerror="alert(1)">'
# Not a tag, so it is accepted; unescaped it would close an attribute and add an event handler.
BREAKOUT = "pt said \" onmouseover=\"alert('{field}')\" x=' & BP < 90"
RAW = "onmouseover=\"alert("
ESCAPED = "onmouseover=&quot;alert("

REPORT_TEXT_FIELDS = ["narrative", "immediate_actions", "medicines", "devices", "hospital_number"]


@pytest.mark.parametrize("field", REPORT_TEXT_FIELDS)
def test_tags_in_any_report_field_are_refused_and_nothing_is_saved(client, ward, field):
    response = client.post(reverse("report"), form_data(ward, **{field: f"<b>{field[:8]}</b>"}))
    assert response.status_code == 200
    assert "contains HTML tags" in str(response.context["form"].errors[field])
    assert not Incident.objects.exists()


@pytest.mark.parametrize("field", REPORT_TEXT_FIELDS)
def test_tags_in_any_api_report_field_are_refused(field, ward, reporter):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(reporter)
    body = report_body(ward, **{"immediate_actions": "Obs done.", field: f"<b>{field[:8]}</b>"})
    response = api.post("/api/v1/incidents/", body, format="json")
    assert response.status_code == 400
    assert "contains HTML tags" in str(response.json()["error"]["fields"][field])
    assert not Incident.objects.exists()


def _report_with_breakouts(client, ward, reporter) -> Incident:
    client.login(username=reporter.username, password=PASSWORD)
    data = {field: BREAKOUT.format(field=field) for field in REPORT_TEXT_FIELDS if field != "hospital_number"}
    response = client.post(reverse("report"), form_data(ward, **data))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return Incident.objects.get()


def test_triage_text_with_tags_is_refused(client, ward, reporter, handler):
    incident = _report_with_breakouts(client, ward, reporter)
    client.login(username=handler.username, password=PASSWORD)
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    for name, data in [
        ("action_add", {"description": f"Fix {TAG}", "owner": "Ward manager", "due_on": due}),
        ("action_add", {"description": "Fix the bed rail", "owner": TAG, "due_on": due}),
        ("feedback_send", {"message": f"Thanks {TAG}"}),
    ]:
        response = client.post(reverse(name, args=[incident.reference]), data)
        assert response.status_code == 400, name
        assert "contains HTML tags" in response.content.decode(), name
    assert not IncidentAction.objects.exists()
    assert not incident.feedback.exists()


def test_text_that_gets_through_is_escaped_on_every_page_that_shows_it(client, ward, reporter, handler, governance):
    incident = _report_with_breakouts(client, ward, reporter)

    client.login(username=handler.username, password=PASSWORD)
    due = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    client.post(
        reverse("action_add", args=[incident.reference]),
        {"description": BREAKOUT.format(field="action"), "owner": BREAKOUT.format(field="owner"), "due_on": due},
    )
    client.post(reverse("feedback_send", args=[incident.reference]), {"message": BREAKOUT.format(field="feedback")})
    assert IncidentAction.objects.count() == 1 and incident.feedback.count() == 1

    handler_page = client.get(reverse("incident_detail", args=[incident.reference])).content.decode()
    for field in ["narrative", "immediate_actions", "medicines", "devices", "action", "owner", "feedback"]:
        assert f"alert(&#x27;{field}&#x27;)" in handler_page, field
    assert RAW not in handler_page and ESCAPED in handler_page

    pages = [handler_page]
    client.login(username=reporter.username, password=PASSWORD)
    pages.append(client.get(reverse("my_report", args=[incident.reference])).content.decode())
    client.login(username=governance.username, password=PASSWORD)
    pages.append(client.get(reverse("incident_detail", args=[incident.reference])).content.decode())
    for page in pages:
        assert RAW not in page
        assert "BP &lt; 90" in page


def test_search_box_and_saved_search_names_are_escaped(client, governance):
    client.login(username=governance.username, password=PASSWORD)
    query = 'falls" autofocus onfocus="alert(1)'
    page = client.get(reverse("search:search"), {"q": query}).content.decode()
    assert 'onfocus="alert(1)' not in page
    assert "onfocus=&quot;alert(1)" in page

    name = f"Falls {TAG}"
    client.post(reverse("search:saved_create"), {"name": name, "q": "falls"})
    page = client.get(reverse("search:saved")).content.decode()
    assert TAG not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
