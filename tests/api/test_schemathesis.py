"""Property-based tests of the live API against its own OpenAPI schema (schemathesis, in-process WSGI).

For every operation schemathesis generates requests from the schema and checks that the answer is not a 5xx,
has a documented status code and content type, and matches the documented response schema. Calls carry an
administrator's token (so every endpoint is reached past authentication), and path parameters are often
swapped for a real incident reference or action id (and report bodies for a real location and time), so that
the success paths are exercised as well as 404s and 400s.
The number of examples is bounded so the whole file runs in well under a minute.
"""
import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import scopes as api_scopes
from api.models import ApiToken
from incidents import services
from incidents.models import StaffProfile
from tests.factories import make_user, submit
from tests.support.fuzz import examples

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = examples(12)

# Filled by the `real_data` fixture once the test database exists; read by the hook below.
REAL: dict[str, list] = {"reference": [], "action_id": [], "token": [], "location": []}

# The live schema, fetched from the WSGI application as a client would (it needs no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Keep the generated value, or use a real one, so both 404s and success paths are tried."""
    choices = {name: st.sampled_from([value, *REAL.get(name, [])]) for name, value in (path_parameters or {}).items()}
    return st.fixed_dictionaries(choices) if choices else st.just(path_parameters)


def _valid_bodies() -> dict[str, dict]:
    """Random bodies are nearly always refused; these valid ones, by path ending, reach the success paths too."""
    return {
        "/incidents/": {
            "event_type": "incident",
            "occurred_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
            "location": REAL["location"][0],
            "narrative": "Generated report: patient given the wrong dose.",
            "affected": "patient",
            "physical_harm": "low",
            "psychological_harm": "none",
        },
        "/grading/": {"learning_response": "aar"},
        "/assign/": {"handler": None},
        "/duplicate/": {"duplicate_of": None},
        "/candour/": {"verbal_on": timezone.localdate().isoformat()},
        "/status/": {"to": "in_triage"},
    }


@schema.hook
def flatmap_body(context, body):
    if not isinstance(body, dict) or not REAL["location"]:
        return st.just(body)
    path = context.operation.path
    valid = next((b for ending, b in _valid_bodies().items() if path.endswith(ending)), None)
    if valid is None:
        return st.just(body)
    # Keep generated values of a few fields, so valid requests vary too.
    kept = {name: body[name] for name in ("anonymous", "immediate_actions", "psychological_harm") if name in body and name in valid}
    return st.sampled_from([body, valid, {**valid, **kept}])


@pytest.fixture
def real_data(db, ward, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous_submission": "10000/minute", "follow_up": "10000/minute", "token": "10000/minute"},
    }
    admin = make_user(StaffProfile.Role.ADMIN)
    incidents = [submit(ward, reporter=admin, nhs_number="9434765919").incident, submit(ward).incident]
    action = services.action_add(
        incident=incidents[0], by=admin, description="Check", owner="Ward", due_on=timezone.localdate() + dt.timedelta(days=3)
    )
    REAL.update(
        reference=[i.reference for i in incidents],
        action_id=[action.pk],
        token=[ApiToken.objects.issue(user=admin, name="schemathesis", scopes=api_scopes.ALL)[1]],
        location=[ward.pk],
    )
    # As Django's test client does: keep the test's database connection (and its transaction) across requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    REAL.update(reference=[], action_id=[], token=[], location=[])


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, real_data):
    case.call_and_validate(headers={"Authorization": f"Token {REAL['token'][0]}"}, checks=CHECKS)
