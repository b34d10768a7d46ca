"""Trends over the API: goals, measure series and the SPC engine."""
import pytest
from django.utils import timezone

from learning import trends
from learning.models import ConfirmedTheme, Theme
from learning.trend_models import QualityGoal
from tests.api.conftest import authenticate
from tests.factories import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(ward):
    g = QualityGoal.objects.create(name="Falls", measure="count", better="down", target=1,
                                   series_start=trends.add_months(timezone.localdate().replace(day=1), -6))
    g.themes.set([Theme.objects.get(slug="falls")])
    return g


@pytest.mark.parametrize("who,status", [(None, 401), ("reporter", 403), ("governance", 200), ("handler", 200)])
def test_goal_endpoints_follow_the_roles(api, request, goal, who, status):
    authenticate(api, request.getfixturevalue(who) if who else None)
    assert api.get("/api/v1/goals/").status_code == status
    assert api.get(f"/api/v1/goals/{goal.pk}/").status_code == status


def test_goal_detail_carries_chart_data(api, governance, goal, ward):
    incident = submit(ward, occurred_at=timezone.now() - timezone.timedelta(days=45)).incident
    ConfirmedTheme.objects.create(incident=incident, theme=Theme.objects.get(slug="falls"))
    body = authenticate(api, governance).get(f"/api/v1/goals/{goal.pk}/").json()
    assert body["name"] == "Falls" and body["themes"] == ["falls"]
    assert body["spc"]["chart"] == "run"  # fewer than 15 months
    assert sum(p["value"] for p in body["spc"]["points"]) == 1
    assert authenticate(api, governance).get("/api/v1/goals/99999/").json()["error"]["code"] == "not_found"


def test_spc_endpoint_matches_a_hand_worked_series(api, governance):
    # Mean 10, moving ranges all 2 so limits 10 +/- 5.32; the last point (20) is beyond the upper limit.
    values = [9, 11] * 8 + [20]
    body = authenticate(api, governance).post("/api/v1/spc/", {"values": values, "better": "down"}, format="json").json()
    assert body["chart"] == "xmr"
    assert body["points"][-1]["special_cause"] is True and "beyond_limits" in body["points"][-1]["rules"]
    assert body["variation"] == "special_cause_concerning_high"


def test_spc_endpoint_rejects_bad_series_in_the_error_shape(api, governance):
    response = authenticate(api, governance).post("/api/v1/spc/", {"values": [1], "better": "sideways"}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error" and set(error["fields"]) >= {"values", "better"}


def test_measure_counts_are_zero_filled_and_filtered(api, handler, ward):
    falls = Theme.objects.get(slug="falls")
    for days in (40, 45, 75):
        incident = submit(ward, occurred_at=timezone.now() - timezone.timedelta(days=days)).incident
        ConfirmedTheme.objects.create(incident=incident, theme=falls)
    submit(ward, occurred_at=timezone.now() - timezone.timedelta(days=41))  # no theme
    body = authenticate(api, handler).get("/api/v1/measures/counts/", {"theme": "falls"}).json()
    assert len(body["counts"]) == 24 and sum(body["counts"]) == 3
    assert authenticate(api, handler).get("/api/v1/measures/counts/", {"interval": "fortnight"}).status_code == 400


@pytest.mark.parametrize("params", [{"start": "6664-04-13"}, {"start": "2099-12-01"}, {"start": "2026-05-01", "end": "2026-04-01"}])
def test_a_window_that_ends_before_it_starts_is_a_400_not_a_500(api, handler, params):
    """Found by a longer schemathesis run: only `start` given, later than the default end."""
    response = authenticate(api, handler).get("/api/v1/measures/counts/", params)
    assert response.status_code == 400
    assert "start" in response.json()["error"]["fields"]
