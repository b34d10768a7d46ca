"""Fixtures for search tests: a small trust with designed narratives, indexed through the real signals."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import connection
from django.utils import timezone

from incidents import services
from incidents.models import StaffProfile
from learning.models import ConfirmedTheme, Theme, ThemeSuggestion
from search.backends import backends
from tests.factories import DirectorateFactory, LocationFactory, SiteFactory, make_user, submit

VALID_NHS_NUMBER = "9434765919"
HOSPITAL_NUMBER = "RX4471823"


@pytest.fixture(autouse=True)
def _fresh_search_backend(settings):
    """Every test starts with backends built from its own settings (and a predictable suggestion threshold)."""
    settings.SEARCH_SUGGESTION_MIN_SCORE = 0.5
    backends.reset()
    yield
    backends.reset()


def vendor() -> str:
    return connection.vendor


@dataclass
class World:
    """Two sites; a handler for the first directorate; incidents with known words, dates and themes."""

    north_ward: object
    north_other_ward: object
    south_ward: object
    handler: object
    governance: object
    admin: object
    reporter: object
    incidents: dict


def _at(days_ago: int, hour: int = 10) -> dt.datetime:
    base = timezone.localtime(timezone.now()).replace(hour=hour, minute=0, second=0, microsecond=0)
    return base - dt.timedelta(days=days_ago)


@pytest.fixture
def world(db, django_capture_on_commit_callbacks) -> World:
    """Built inside captured on-commit callbacks, so indexing runs through the real signals and task."""
    with django_capture_on_commit_callbacks(execute=True):
        return _build_world()


def _build_world() -> World:
    north = SiteFactory(name="Northgate General")
    south = SiteFactory(name="Southmead Community")
    north_med = DirectorateFactory(site=north, name="Medicine")
    north_surg = DirectorateFactory(site=north, name="Surgery")
    south_med = DirectorateFactory(site=south, name="Community Services")
    north_ward = LocationFactory(directorate=north_med, name="Ward 4")
    north_other_ward = LocationFactory(directorate=north_surg, name="Theatre Recovery")
    south_ward = LocationFactory(directorate=south_med, name="Ward 14")
    handler = make_user(StaffProfile.Role.HANDLER, directorates=[north_med])
    admin = make_user(StaffProfile.Role.ADMIN)
    people = {
        "handler": handler,
        "governance": make_user(StaffProfile.Role.GOVERNANCE),
        "admin": admin,
        "reporter": make_user(StaffProfile.Role.REPORTER),
    }
    made = {}

    def add(key, location, narrative, *, days_ago=3, actions="Escalated to nurse in charge.", **fields):
        occurred = _at(days_ago)
        made[key] = submit(
            location, reporter=people["reporter"], narrative=narrative, immediate_actions=actions,
            occurred_at=occurred, **fields,
        ).incident

    add("fall", north_ward, "Pt found on floor beside bed at 03:00, unwitnessed fall. Obs stable, no injury.",
        days_ago=40, physical_harm="low")
    add("fall_again", north_ward, "Patient slipped and fell in the bathroom; falls bundle in place, hip pain.",
        days_ago=5, physical_harm="moderate")
    add("insulin", north_ward, "Insulin dose omitted at breakfast. Wrong patient chart was checked by the HCA.",
        days_ago=10, physical_harm="none", event_type="near_miss")
    add("ng_tube", north_other_ward, "NG tube position not confirmed before feed started; aspirate pH not recorded.",
        days_ago=2, physical_harm="severe")
    add("pressure", south_ward, "Category 3 pressure ulcer to sacrum found on admission from nursing home.",
        days_ago=70, physical_harm="moderate")
    add("identifiers", north_ward,
        f"Wristband showed NHS number {VALID_NHS_NUMBER} and hospital number {HOSPITAL_NUMBER}; wrong patient given abx.",
        days_ago=1, physical_harm="low", nhs_number=VALID_NHS_NUMBER, hospital_number=HOSPITAL_NUMBER)
    add("markup", south_ward, "Label read <script>alert(1)</script> & the controlled drug register was not signed.",
        days_ago=4, physical_harm="none")
    falls = Theme.objects.get(slug="falls")
    medication = Theme.objects.get(slug="medication")
    ConfirmedTheme.objects.create(incident=made["fall"], theme=falls)
    ConfirmedTheme.objects.create(incident=made["fall_again"], theme=falls)
    ThemeSuggestion.objects.create(incident=made["insulin"], theme=medication, score=0.91, model_version="test")
    ThemeSuggestion.objects.create(incident=made["markup"], theme=medication, score=0.2, model_version="test")
    services.incident_transition(incident=made["pressure"], by=admin, to="in_triage")
    # The classifier (learning) may suggest themes for new reports; these tests control themes themselves.
    for suggestion in ThemeSuggestion.objects.exclude(model_version="test"):
        suggestion.delete()
    for key in made:
        made[key].refresh_from_db()
    return World(north_ward, north_other_ward, south_ward, handler, people["governance"], admin, people["reporter"], made)
