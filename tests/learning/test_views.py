"""The themes panel at triage, the confirm/correct POST, the triage-queue filter and the themes page."""
import pytest
from django.urls import reverse

from learning.models import ConfirmedTheme, Theme, ThemeReview
from learning import services
from tests.factories import submit

FALL = "Pt found on floor next to bed at 03:10, unwitnessed fall. Obs stable, small graze to elbow."


@pytest.fixture
def incident(theme_model, ward, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return submit(ward, narrative=FALL).incident


def themes_url(incident):
    return reverse("learning:incident_themes", args=[incident.reference])


@pytest.mark.django_db
def test_handler_sees_suggestions_with_confidence_and_a_prefilled_form(client, handler, incident, theme_model):
    client.force_login(handler)
    html = client.get(reverse("incident_detail", args=[incident.reference])).content.decode()
    assert 'id="theme-suggestions"' in html and theme_model.version in html
    prediction = theme_model.predict([FALL])[0]
    top = max(prediction.scores, key=prediction.scores.get)
    assert f'data-theme="{top}"' in html and f"{round(prediction.scores[top] * 100)}%" in html
    for slug in prediction.assigned:
        assert f'value="{slug}" checked' in html
    assert 'id="themes-form"' in html


@pytest.mark.django_db
def test_governance_sees_suggestions_but_no_form(client, governance, incident):
    client.force_login(governance)
    html = client.get(reverse("incident_detail", args=[incident.reference])).content.decode()
    assert 'id="theme-suggestions"' in html and 'id="themes-form"' not in html
    assert client.post(themes_url(incident), {"themes": ["falls"]}).status_code == 403
    assert not ConfirmedTheme.objects.exists()


@pytest.mark.django_db
def test_confirm_and_correct_stores_the_decision(client, handler, incident):
    client.force_login(handler)
    response = client.post(themes_url(incident), {"themes": ["falls", "devices_equipment"]})
    assert response.status_code == 302 and response.url == reverse("incident_detail", args=[incident.reference])
    assert set(ConfirmedTheme.objects.filter(incident=incident).values_list("theme__slug", flat=True)) == {"falls", "devices_equipment"}
    review = ThemeReview.objects.get(incident=incident)
    assert review.reviewed_by == handler and review.confirmed == ["devices_equipment", "falls"]
    html = client.get(response.url).content.decode()
    assert "Themes saved" in html and 'id="confirmed-themes"' in html and "Devices and equipment" in html


@pytest.mark.django_db
def test_out_of_scope_handler_gets_404_and_nothing_changes(client, incident, other_ward):
    from incidents.models import StaffProfile
    from tests.factories import make_user

    outsider = make_user(StaffProfile.Role.HANDLER, directorates=[other_ward.directorate])
    client.force_login(outsider)
    assert client.post(themes_url(incident), {"themes": ["falls"]}).status_code == 404
    assert client.get(themes_url(incident)).status_code in (404, 405)
    assert not ConfirmedTheme.objects.exists()


@pytest.mark.django_db
def test_unknown_theme_is_refused_with_a_message(client, handler, incident):
    client.force_login(handler)
    response = client.post(themes_url(incident), {"themes": ["not-a-theme"]}, follow=True)
    assert "Choose themes from the list" in response.content.decode()
    assert not ThemeReview.objects.exists()


@pytest.mark.django_db
def test_reporters_and_anonymous_users_cannot_post(client, reporter, incident):
    assert client.post(themes_url(incident), {"themes": ["falls"]}).status_code == 302  # to sign in
    client.force_login(reporter)
    assert client.post(themes_url(incident), {"themes": ["falls"]}).status_code == 404
    assert not ConfirmedTheme.objects.exists()


@pytest.mark.django_db
def test_triage_queue_filters_by_confirmed_theme(client, handler, ward, django_capture_on_commit_callbacks, no_model):
    with django_capture_on_commit_callbacks(execute=True):
        fall = submit(ward, narrative=FALL).incident
        other = submit(ward, narrative="Fridge temperature out of range overnight").incident
    services.themes_confirm(incident=fall, by=handler, themes=Theme.objects.filter(slug="falls"))
    client.force_login(handler)
    html = client.get(reverse("incident_list") + "?theme=falls").content.decode()
    assert fall.reference in html and other.reference not in html
    assert 'name="theme"' in html
    everything = client.get(reverse("incident_list")).content.decode()
    assert fall.reference in everything and other.reference in everything


@pytest.mark.django_db
def test_theme_page_counts_confirmed_themes_in_scope(client, handler, ward, other_ward, django_capture_on_commit_callbacks, admin_user, no_model):
    with django_capture_on_commit_callbacks(execute=True):
        mine = submit(ward, narrative=FALL).incident
        theirs = submit(other_ward, narrative=FALL).incident
    services.themes_confirm(incident=mine, by=handler, themes=Theme.objects.filter(slug="falls"))
    services.themes_confirm(incident=theirs, by=admin_user, themes=Theme.objects.filter(slug="falls"))
    client.force_login(handler)
    response = client.get(reverse("learning:theme_overview"))
    rows = {r["theme"].slug: r for r in response.context["rows"]}
    assert rows["falls"]["count"] == 1 and rows["falls"]["recent"] == 1
    client.force_login(admin_user)
    rows = {r["theme"].slug: r for r in client.get(reverse("learning:theme_overview")).context["rows"]}
    assert rows["falls"]["count"] == 2


@pytest.mark.django_db
def test_pending_and_failed_states_are_explained(client, handler, ward, django_capture_on_commit_callbacks, no_model):
    with django_capture_on_commit_callbacks(execute=True):
        incident = submit(ward, narrative=FALL).incident
    client.force_login(handler)
    html = client.get(reverse("incident_detail", args=[incident.reference])).content.decode()
    assert "could not be suggested automatically" in html and 'id="themes-form"' in html
