"""The web journeys through Django's test client: forms, errors, confirmation, follow-up."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import AuditEntry, Incident, PatientDetails
from tests.conftest import VALID_NHS_NUMBER
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def form_data(ward, **overrides):
    data = {
        "event_type": "incident",
        "occurred_at": (timezone.localtime() - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "location": ward.pk,
        "narrative": "Pt found on floor in bay 3 at 02:10. Unwitnessed. Obs stable, FY1 reviewed.",
        "affected": "patient",
        "physical_harm": "low",
        "psychological_harm": "none",
        "immediate_actions": "Checked for injury, neuro obs started.",
    }
    data.update(overrides)
    return data


def test_report_form_asks_at_most_eight_required_questions(client, ward):
    from incidents.forms import ReportForm

    form = ReportForm(signed_in=True)
    required = [name for name, field in form.fields.items() if field.required]
    assert len(required) <= 8
    assert set(required) <= set(ReportForm.CORE)


def test_anonymous_visitor_reports_and_gets_a_code_once(client, ward):
    response = client.post(reverse("report"), form_data(ward))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    incident = Incident.objects.get()
    assert incident.reporter is None
    assert incident.reference in page
    assert "follow-up-code" in page
    # The confirmation (and its code) is shown only once.
    assert client.get(reverse("report_done")).status_code == 302


def test_signed_in_reporter_sees_report_and_feedback(client, ward, reporter, handler):
    from incidents import services

    client.login(username=reporter.username, password=PASSWORD)
    client.post(reverse("report"), form_data(ward, nhs_number="943 476 5919"))
    incident = Incident.objects.get()
    assert incident.reporter == reporter
    assert PatientDetails.objects.get(incident=incident).nhs_number == VALID_NHS_NUMBER
    services.feedback_send(incident=incident, by=handler, message="We have added a falls sensor to bay 3.")
    page = client.get(reverse("my_reports")).content.decode()
    assert incident.reference in page and "1 message" in page
    page = client.get(reverse("my_report", args=[incident.reference])).content.decode()
    assert "falls sensor" in page
    assert VALID_NHS_NUMBER not in page


def test_signed_in_reporter_may_choose_anonymity(client, ward, reporter):
    client.login(username=reporter.username, password=PASSWORD)
    response = client.post(reverse("report"), form_data(ward, anonymous="on"))
    page = client.get(response.url).content.decode()
    incident = Incident.objects.get()
    assert incident.reporter is None
    assert AuditEntry.objects.get(incident=incident).actor is None
    assert "follow-up-code" in page
    assert incident.reference not in client.get(reverse("my_reports")).content.decode()


def test_follow_up_code_shows_status_and_feedback(client, ward, handler):
    from incidents import services

    result = services.incident_submit(
        data={
            "event_type": "near_miss",
            "occurred_at": timezone.now() - dt.timedelta(hours=1),
            "location": ward,
            "narrative": "Wrong pt label on blood bottle noticed before sending",
            "affected": "patient",
            "physical_harm": "none",
            "psychological_harm": "none",
        }
    )
    services.feedback_send(incident=result.incident, by=handler, message="Phlebotomy now labels at the bedside.")
    page = client.post(reverse("follow_up"), {"code": result.follow_up_code}).content.decode()
    assert "Phlebotomy now labels at the bedside." in page
    assert result.incident.reference in page
    page = client.post(reverse("follow_up"), {"code": "ZZZZ-ZZZZ-ZZZZ"}).content.decode()
    assert "No report matches this code" in page


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"narrative": ""}, "narrative", "This field is required"),
        ({"location": ""}, "location", "This field is required"),
        ({"occurred_at": (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")}, "occurred_at", "today or in the past"),
        ({"occurred_at": "yesterday-ish"}, "occurred_at", "Enter a valid date/time"),
        ({"nhs_number": "9434765918"}, "nhs_number", "check digit"),
        ({"nhs_number": "12345"}, "nhs_number", "10 digits"),
        ({"narrative": "x" * 100_000}, "narrative", "the most it can take is 20,000"),
        ({"narrative": "Pt fell <script>alert(1)</script>"}, "narrative", "HTML tags"),
        ({"devices": '<img src=x onerror="alert(1)">'}, "devices", "HTML tags"),
        ({"affected": "none", "physical_harm": "severe"}, "physical_harm", "no one was affected"),
        ({"event_type": "bogus"}, "event_type", "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_clear_error_and_keeps_what_was_typed(client, ward, override, field, message):
    data = form_data(ward, medicines="enoxaparin 40mg", **override)
    response = client.post(reverse("report"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert response.context["form"].errors[field]
    # What the reporter typed is still in the form.
    assert "enoxaparin 40mg" in page
    assert not Incident.objects.exists()
    assert not AuditEntry.objects.exists()


def test_script_in_text_is_shown_inert_when_not_a_tag(client, ward, handler):
    client.post(reverse("report"), form_data(ward, narrative='BP <90 systolic & "sats" 88%; pt said he\'d > leave'))
    incident = Incident.objects.get()
    client.login(username=handler.username, password=PASSWORD)
    page = client.get(reverse("incident_detail", args=[incident.reference])).content.decode()
    assert "BP &lt;90 systolic &amp; &quot;sats&quot;" in page


def test_triage_form_error_redisplays_page_with_message(client, ward, reporter, handler):
    from tests.factories import submit

    incident = submit(ward, reporter=reporter).incident
    client.login(username=handler.username, password=PASSWORD)
    response = client.post(
        reverse("incident_grading", args=[incident.reference]),
        {"physical_harm": "severe", "psychological_harm": "none", "learning_response": "aar", "never_event": "on"},
    )
    assert response.status_code == 400
    assert "A Never Event requires a PSII" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).physical_harm == "low"


def test_queue_filters(client, ward, reporter, handler):
    from tests.factories import submit

    low = submit(ward, reporter=reporter, physical_harm="low").incident
    severe = submit(ward, reporter=reporter, physical_harm="severe").incident
    client.login(username=handler.username, password=PASSWORD)
    page = client.get(reverse("incident_list"), {"harm": "severe"}).content.decode()
    assert severe.reference in page and low.reference not in page
    page = client.get(reverse("incident_list"), {"status": "closed"}).content.decode()
    assert "No incidents match" in page


def test_pages_render_for_every_role(client, ward, reporter, handler, governance, admin_user):
    for user in (None, reporter, handler, governance, admin_user):
        client.logout()
        if user:
            client.login(username=user.username, password=PASSWORD)
        assert client.get(reverse("home")).status_code == 200
        assert client.get(reverse("report")).status_code == 200
        assert client.get(reverse("follow_up")).status_code == 200
