import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from incidents.models import StaffProfile
from tests.conftest import HOSPITAL_NUMBER, VALID_NHS_NUMBER  # noqa: F401  (re-exported for the API tests)
from tests.factories import make_user, submit

Role = StaffProfile.Role


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttle counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rates(settings):
    """Set throttle rates for one test: rates(token="3/minute")."""
    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
        }

    return set_rates


@pytest.fixture
def api():
    return APIClient()


def authenticate(client: APIClient, user) -> APIClient:
    """Call the API as `user` with a token, as a system would (None: no credentials)."""
    if user is None:
        client.credentials()
    else:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


def report_body(ward, **overrides) -> dict:
    body = {
        "event_type": "incident",
        "occurred_at": (timezone.now() - dt.timedelta(hours=2)).isoformat(),
        "location": ward.pk,
        "narrative": "Patient found on the floor beside the bed at 03:00; unwitnessed fall, no injury seen.",
        "affected": "patient",
        "physical_harm": "low",
        "psychological_harm": "none",
    }
    body.update(overrides)
    return body


def assert_error(response, status: int, code: str | None = None) -> dict:
    """Every error answer has the one shape; returns its inner "error" object."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    if code is not None:
        assert error["code"] == code
    return error


def token_for(user, scopes=None, name: str = "tests") -> str:
    """A live API token key for `user` with these scopes (default: all)."""
    from api import scopes as api_scopes

    return ApiToken.objects.issue(user=user, name=name, scopes=scopes or api_scopes.ALL)[1]
