"""GET /api/v1/incidents/: scope, filters and cursor pagination."""
import datetime as dt

import pytest
from django.utils import timezone

from incidents import selectors, services
from incidents.models import Incident
from learning.models import ConfirmedTheme, Theme
from tests.conftest import VALID_NHS_NUMBER
from tests.factories import LocationFactory, submit

from .conftest import assert_error, authenticate

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/"


def _references(api, **params) -> list[str]:
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return [item["reference"] for item in response.json()["results"]]


def test_cursor_pages_cover_everything_once_newest_first(api, ward, admin_user):
    made = [submit(ward).incident.reference for _ in range(23)]
    authenticate(api, admin_user)
    seen, url, pages = [], f"{URL}?page_size=10", 0
    while url:
        body = api.get(url).json()
        seen += [item["reference"] for item in body["results"]]
        url, pages = body["next"], pages + 1
        submit(ward)  # a report arriving while paging does not shift the pages already read
    assert pages == 3
    assert seen == list(reversed(made))


def test_page_size_is_capped(api, ward, admin_user):
    for _ in range(3):
        submit(ward)
    authenticate(api, admin_user)
    assert len(_references(api, page_size=1000)) == 3
    assert len(_references(api, page_size=2)) == 2


def test_filters(api, ward, other_ward, admin_user):
    now = timezone.now()
    low = submit(ward, physical_harm="low").incident
    psych = submit(ward, physical_harm="none", psychological_harm="moderate").incident
    near = submit(other_ward, event_type="near_miss", physical_harm="none").incident
    old = submit(other_ward, occurred_at=now - dt.timedelta(days=40)).incident
    services.incident_transition(incident=low, by=admin_user, to="in_triage")
    authenticate(api, admin_user)

    assert _references(api, status="in_triage") == [low.reference]
    assert set(_references(api, harm="moderate")) == {psych.reference}
    assert _references(api, event_type="near_miss") == [near.reference]
    assert set(_references(api, location=ward.pk)) == {low.reference, psych.reference}
    assert set(_references(api, site=other_ward.directorate.site_id)) == {near.reference, old.reference}
    assert set(_references(api, directorate=ward.directorate_id)) == {low.reference, psych.reference}
    # The filter takes the trust's local dates (Europe/London), not UTC ones.
    day = timezone.localdate(now - dt.timedelta(days=40)).isoformat()
    assert _references(api, date_from=day, date_to=day) == [old.reference]
    assert old.reference not in _references(api, date_from=timezone.localdate(now - dt.timedelta(days=1)).isoformat())
    assert set(_references(api, unassigned="true")) == {low.reference, psych.reference, near.reference, old.reference}
    assert _references(api, candour_overdue="true") == []
    Incident.objects.filter(pk=psych.pk).update(candour_due=now.date() - dt.timedelta(days=1))
    assert _references(api, candour_overdue="true") == [psych.reference]


def test_theme_filter_uses_confirmed_themes(api, ward, admin_user):
    theme = Theme.objects.first()
    assert theme is not None, "the taxonomy migration seeds themes"
    tagged, untagged = submit(ward).incident, submit(ward).incident
    ConfirmedTheme.objects.create(incident=tagged, theme=theme, confirmed_by=admin_user)
    authenticate(api, admin_user)
    body = api.get(URL, {"theme": theme.slug}).json()["results"]
    assert [item["reference"] for item in body] == [tagged.reference]
    assert body[0]["themes"] == [theme.slug]
    assert untagged.reference not in _references(api, theme=theme.slug)
    error = assert_error(api.get(URL, {"theme": "no-such-theme"}), 400)
    assert "theme" in error["fields"]


def test_text_filter(api, ward, admin_user):
    insulin = submit(ward, narrative="Insulin dose given twice by mistake.").incident
    submit(ward, narrative="Fall in bathroom, no injury.")
    authenticate(api, admin_user)
    assert _references(api, text="INSULIN") == [insulin.reference]
    assert len(_references(api, text="")) == 2


def test_governance_cannot_probe_redacted_identifiers_with_the_text_filter(api, ward, world):
    people, incident = world  # its narrative holds an NHS number and a hospital number
    submit(ward, narrative="Wrong dose of enoxaparin given on the ward.")
    authenticate(api, people["governance"])
    assert _references(api, text=VALID_NHS_NUMBER) == []
    assert _references(api, text="RX4455667") == []
    assert incident.reference in _references(api, text="enoxaparin")
    authenticate(api, people["handler_in_scope"])
    assert _references(api, text=VALID_NHS_NUMBER) == [incident.reference]


def test_governance_text_filter_asks_for_narrower_query_past_the_limit(api, ward, governance, monkeypatch):
    monkeypatch.setattr(selectors, "REDACTED_TEXT_MATCH_LIMIT", 2)
    for _ in range(3):
        submit(ward, narrative="Bed rails left down overnight.")
    authenticate(api, governance)
    error = assert_error(api.get(URL, {"text": "bed rails"}), 400)
    assert "text" in error["fields"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"status": "lost"}, "status"),
        ({"harm": "extreme"}, "harm"),
        ({"location": "ward-1"}, "location"),
        ({"date_from": "01/02/2026"}, "date_from"),
        ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, "date_to"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_bad_filters_are_named(api, admin_user, params, field):
    authenticate(api, admin_user)
    error = assert_error(api.get(URL, params), 400, "validation_error")
    assert field in error["fields"]


def test_handler_list_is_their_scope_only(api, world, other_ward):
    people, incident = world
    hidden = submit(other_ward).incident
    authenticate(api, people["handler_in_scope"])
    references = _references(api)
    assert incident.reference in references and hidden.reference not in references
    assert set(references) == set(
        Incident.objects.filter(location__directorate=incident.location.directorate).values_list("reference", flat=True)
    )


def test_list_items_carry_no_free_text_or_identifiers(api, world):
    people, incident = world
    authenticate(api, people["admin"])
    item = next(i for i in api.get(URL).json()["results"] if i["reference"] == incident.reference)
    assert "narrative" not in item and "nhs_number" not in item and "reporter" not in item
    assert VALID_NHS_NUMBER not in str(item)


def test_locations_specialties_and_themes(api, ward):
    LocationFactory(active=False)
    locations = api.get("/api/v1/locations/").json()
    assert [loc["id"] for loc in locations] == [ward.pk]
    assert locations[0]["path"].endswith(ward.name)
    assert api.get("/api/v1/specialties/").status_code == 200
    assert_error(api.get("/api/v1/themes/"), 401)
