"""The foundation journey in a real browser: report, report anonymously, triage, feed back, follow up."""
import datetime as dt
import re

import pytest
from django.utils import timezone

from incidents.models import Incident, StaffProfile
from tests.factories import PASSWORD, LocationFactory, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def fill_core(page, ward, narrative, harm_label="Low (minimal harm)"):
    page.get_by_label("Incident (something went wrong)").check()
    when = timezone.localtime() - dt.timedelta(hours=1)
    page.get_by_label("When did it happen?").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Where did it happen?").select_option(str(ward.pk))
    page.get_by_label("What happened?").fill(narrative)
    page.get_by_label("Patient", exact=True).check()
    page.locator("input[name=physical_harm][value=%s]" % harm_label.split(" ")[0].lower()).check()


def test_report_triage_feedback_and_follow_up(new_page, live_server):
    ward = LocationFactory(name="Ward 4 General Surgery")
    nurse = make_user(StaffProfile.Role.REPORTER, first_name="Nadia", last_name="Okoro")
    lead = make_user(StaffProfile.Role.HANDLER, directorates=[ward.directorate], first_name="Priya", last_name="Raman")

    # 1. A nurse signs in and reports a fall, with the patient's NHS number.
    nurse_page = new_page()
    sign_in(nurse_page, nurse)
    nurse_page.get_by_role("link", name="Report", exact=True).click()
    fill_core(nurse_page, ward, "Pt found on floor next to bed 6 at 03:10, unwitnessed. Obs stable, small graze L elbow.")
    nurse_page.get_by_text("Add more details (optional)").click()
    nurse_page.get_by_label("Patient's NHS number").fill("943 476 5919")
    nurse_page.get_by_role("button", name="Submit report").click()
    reference = nurse_page.locator("#reference").inner_text()
    assert re.fullmatch(r"INC-\d{4}-\d{6}", reference)
    assert nurse_page.locator("#follow-up-code").count() == 0

    # 2. Someone on a ward PC, not signed in, reports anonymously and notes the code.
    anon_page = new_page()
    anon_page.goto("/report/")
    fill_core(anon_page, ward, "Fire door on ward 4 propped open with a chair again overnight.")
    anon_page.get_by_label("Risk (something that could go wrong)").check()
    anon_page.get_by_label("No one").check()
    anon_page.locator("input[name=physical_harm][value=none]").check()
    anon_page.get_by_role("button", name="Submit report").click()
    anon_reference = anon_page.locator("#reference").inner_text()
    code = anon_page.locator("#follow-up-code").inner_text()
    assert Incident.objects.get(reference=anon_reference).reporter is None

    # 3. The safety lead triages the nurse's report: status, harm, action, feedback.
    lead_page = new_page()
    sign_in(lead_page, lead)
    lead_page.get_by_role("link", name="Triage queue").click()
    lead_page.get_by_role("link", name=reference).click()
    assert lead_page.locator("#nhs-number").inner_text() == "9434765919"
    lead_page.locator("#assign-form").get_by_label("Handler").select_option(label="Priya Raman")
    lead_page.locator("#assign-form").get_by_role("button", name="Assign").click()
    assert lead_page.locator("#handler").inner_text() == "Priya Raman"
    lead_page.locator("#transition-form").get_by_label("Move to").select_option("in_triage")
    lead_page.locator("#transition-form").get_by_role("button", name="Change status").click()
    assert lead_page.locator("#status-tag").inner_text() == "In triage"
    grading = lead_page.locator("#grading-form")
    grading.get_by_label("Learning response").select_option("swarm")
    grading.get_by_role("button", name="Save grading").click()
    assert lead_page.locator("#learning-response").inner_text() == "SWARM huddle"
    action = lead_page.locator("#action-form")
    action.get_by_label("Action").fill("Falls sensor mats for bays 5-8")
    action.get_by_label("Owner").fill("Ward 4 manager")
    action.get_by_label("Due").fill((timezone.localdate() + dt.timedelta(days=14)).isoformat())
    action.get_by_role("button", name="Add action").click()
    assert "Falls sensor mats for bays 5-8" in lead_page.locator("#actions-table").inner_text()
    feedback = lead_page.locator("#feedback-form")
    feedback.get_by_label("Feedback to the reporter").fill("Thank you. Sensor mats are being fitted in bays 5-8.")
    feedback.get_by_role("button", name="Send feedback").click()
    timeline = lead_page.locator("#timeline").inner_text()
    assert "Status changed" in timeline and "Feedback sent" in timeline and "Action added" in timeline

    # The lead answers the anonymous report too.
    lead_page.goto(f"/incidents/{anon_reference}/")
    assert lead_page.locator("#reporter").inner_text() == "Anonymous"
    lead_page.locator("#feedback-form").get_by_label("Feedback to the reporter").fill("Estates have fitted a magnetic door holder.")
    lead_page.locator("#feedback-form").get_by_role("button", name="Send feedback").click()

    # 4. The nurse sees the status and feedback in My reports.
    nurse_page.get_by_role("navigation").get_by_role("link", name="My reports").click()
    nurse_page.get_by_role("link", name=reference).click()
    assert nurse_page.locator("#report-status").inner_text() == "In triage"
    assert "Sensor mats are being fitted" in nurse_page.locator(".vigil-feedback").inner_text()

    # 5. The anonymous reporter follows up with the code.
    anon_page.get_by_role("link", name="Follow up a report with a code").click()
    anon_page.get_by_label("Follow-up code").fill(code)
    anon_page.get_by_role("button", name="Show my report").click()
    assert "magnetic door holder" in anon_page.locator(".vigil-feedback").inner_text()
    assert anon_page.locator("#report-status").inner_text() == "Reported"


def test_form_errors_are_shown_and_typed_text_kept(new_page):
    ward = LocationFactory()
    page = new_page()
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/report/")
    page.get_by_label("What happened?").fill("Pt given <b>double</b> dose of insulin")
    page.get_by_role("button", name="Submit report").click()
    summary = page.locator(".nhsuk-error-summary")
    assert summary.is_visible()
    # The design system's script (allowed by the Content Security Policy) moves focus to the summary.
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('nhsuk-error-summary')")
    # The NHS web font comes from assets.nhs.uk, which this test machine cannot reach; anything else is a fault.
    assert not [e for e in console_errors if "net::ERR" not in e], console_errors
    assert "HTML tags" in summary.inner_text()
    assert "When did it happen?" in summary.inner_text()
    assert page.get_by_label("What happened?").input_value() == "Pt given <b>double</b> dose of insulin"
    # Error summary links move focus to the field (keyboard users).
    summary.get_by_role("link", name=re.compile("What happened")).click()
    assert page.evaluate("document.activeElement.name") == "narrative"
    assert not Incident.objects.exists()
    assert ward.pk


def test_pages_fit_a_phone(new_page):
    LocationFactory()
    page = new_page(viewport={"width": 375, "height": 740}, is_mobile=True)
    page.goto("/report/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.get_by_role("button", name="Submit report").is_visible()
    # Signed in with the longest menu (governance: nine links), every main page still fits.
    sign_in(page, make_user(StaffProfile.Role.GOVERNANCE))
    for path in ("/", "/incidents/", "/search/?q=fall", "/trends/", "/my-reports/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
