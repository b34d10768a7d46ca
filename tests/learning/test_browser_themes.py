"""In a real browser: a safety lead sees suggested themes on a new report, corrects them and confirms."""
import re

import pytest

from incidents.models import Incident, StaffProfile
from learning.models import Classification, ConfirmedTheme, ThemeReview
from tests.browser.test_journeys import fill_core, sign_in
from tests.factories import LocationFactory, make_user

pytestmark = pytest.mark.django_db(transaction=True)

NARRATIVE = "Pt found on floor next to bed 6 at 03:10, unwitnessed fall. Obs stable, small graze to L elbow."


def test_handler_confirms_suggested_themes_on_a_new_report(new_page, live_server, theme_model, taxonomy):
    ward = LocationFactory(name="Ward 12 Elderly Care")
    nurse = make_user(StaffProfile.Role.REPORTER)
    lead = make_user(StaffProfile.Role.HANDLER, directorates=[ward.directorate], first_name="Grace", last_name="Adeyemi")

    nurse_page = new_page()
    sign_in(nurse_page, nurse)
    nurse_page.goto("/report/")
    fill_core(nurse_page, ward, NARRATIVE)
    nurse_page.get_by_role("button", name="Submit report").click()
    reference = nurse_page.locator("#reference").inner_text()
    incident = Incident.objects.get(reference=reference)
    assert Classification.objects.get(incident=incident).model_version == theme_model.version

    page = new_page()
    sign_in(page, lead)
    page.goto(f"/incidents/{reference}/")
    suggestions = page.locator("#theme-suggestions")
    assert theme_model.version in suggestions.inner_text()
    assert re.search(r"\d+%", suggestions.inner_text())
    predicted = theme_model.predict([NARRATIVE])[0].assigned
    form = page.locator("#themes-form")
    for slug in predicted:
        assert form.locator(f"#theme-{slug}").is_checked()

    # The lead keeps Falls, adds Staffing and environment, and drops anything else the model suggested.
    for slug in predicted:
        form.locator(f"#theme-{slug}").uncheck()
    form.get_by_label("Falls").check()
    form.get_by_label("Staffing and environment").check()
    form.get_by_role("button", name="Save themes").click()

    assert "Themes saved" in page.content()
    confirmed = page.locator("#confirmed-themes").inner_text()
    assert "Falls" in confirmed and "Staffing and environment" in confirmed
    assert "Grace Adeyemi" in page.locator("#theme-review").inner_text()
    assert set(ConfirmedTheme.objects.filter(incident=incident).values_list("theme__slug", flat=True)) == {"falls", "staffing_environment"}
    review = ThemeReview.objects.get(incident=incident)
    assert review.reviewed_by == lead and set(review.suggested) == set(predicted)
    assert set(review.added) == {"falls", "staffing_environment"} - set(predicted)

    # The triage queue can now be filtered by the confirmed theme.
    page.goto("/incidents/?theme=staffing_environment")
    assert page.get_by_role("link", name=reference).is_visible()
