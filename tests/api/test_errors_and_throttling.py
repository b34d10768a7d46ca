"""The one error shape, unexpected failures, and request rates."""
import pytest
from django.core.checks import Error
from django.test import RequestFactory
from rest_framework.test import APIClient

from api import presenters
from api.checks import check_throttle_rates
from api.views.meta import handler404, handler500
from incidents.models import Incident
from tests.factories import submit

from .conftest import assert_error, authenticate, report_body

pytestmark = pytest.mark.django_db


def test_unexpected_failure_answers_500_in_the_error_shape(ward, admin_user, monkeypatch):
    submit(ward)

    def broken(incident):
        raise RuntimeError("boom")

    monkeypatch.setattr(presenters, "summary", broken)
    client = authenticate(APIClient(raise_request_exception=False), admin_user)
    response = client.get("/api/v1/incidents/", HTTP_X_REQUEST_ID="req-123")
    error = assert_error(response, 500, "server_error")
    assert "boom" not in error["message"], "internal details stay in the logs"
    assert "req-123" in error["message"]


def test_method_not_allowed_and_not_acceptable(api, admin_user):
    authenticate(api, admin_user)
    assert_error(api.delete("/api/v1/incidents/"), 405, "method_not_allowed")
    assert_error(api.get("/api/v1/incidents/", HTTP_ACCEPT="application/xml"), 406, "not_acceptable")


def test_json_404_and_500_handlers_for_api_paths_only():
    factory = RequestFactory()
    response = handler404(factory.get("/api/v1/nowhere/"), None)
    assert_error(response, 404, "not_found")
    assert handler404(factory.get("/nowhere/"), None)["Content-Type"].startswith("text/html")
    assert_error(handler500(factory.get("/api/v1/incidents/")), 500, "server_error")


def test_anonymous_submissions_are_throttled_per_address(ward, reporter, rates):
    rates(anonymous_submission="2/minute")
    client = APIClient()
    for _ in range(2):
        assert client.post("/api/v1/incidents/", report_body(ward), format="json").status_code == 201
    response = client.post("/api/v1/incidents/", report_body(ward), format="json")
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    assert Incident.objects.count() == 2
    other_address = APIClient(REMOTE_ADDR="10.1.2.3")
    assert other_address.post("/api/v1/incidents/", report_body(ward), format="json").status_code == 201
    forged = APIClient(HTTP_X_FORWARDED_FOR="10.7.7.7")
    assert forged.post("/api/v1/incidents/", report_body(ward), format="json").status_code == 429, "X-Forwarded-For is not trusted by default"
    signed_in = authenticate(APIClient(), reporter)
    assert signed_in.post("/api/v1/incidents/", report_body(ward), format="json").status_code == 201


def test_token_clients_are_throttled_per_user(admin_user, rates):
    rates(token="3/minute")
    client = authenticate(APIClient(), admin_user)
    for _ in range(3):
        assert client.get("/api/v1/locations/").status_code == 200
    assert_error(client.get("/api/v1/incidents/"), 429, "throttled")
    session = APIClient()
    session.force_login(admin_user)
    assert session.get("/api/v1/incidents/").status_code == 200, "the token budget does not apply to web sessions"


def test_follow_up_lookups_are_throttled(api, rates):
    rates(follow_up="2/minute")
    for _ in range(2):
        assert_error(api.post("/api/v1/follow-up/", {"code": "AAAA-BBBB-CCCC"}, format="json"), 404, "not_found")
    assert_error(api.post("/api/v1/follow-up/", {"code": "AAAA-BBBB-CCCC"}, format="json"), 429, "throttled")


def test_a_mistyped_rate_fails_the_system_check(rates):
    assert check_throttle_rates(None) == []
    rates(token="lots")
    errors = check_throttle_rates(None)
    assert [e.id for e in errors] == ["api.E002"] and isinstance(errors[0], Error)
    assert "VIGIL_API_TOKEN_RATE" in errors[0].hint


def test_follow_up_code_goes_in_the_body_only(api, ward):
    code = submit(ward).follow_up_code
    assert_error(api.get(f"/api/v1/follow-up/?code={code}"), 405, "method_not_allowed")
    assert_error(api.post("/api/v1/follow-up/", {}, format="json"), 400, "validation_error")
    assert api.post("/api/v1/follow-up/", {"code": f" {code} "}, format="json").status_code == 200
