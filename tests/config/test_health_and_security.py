"""Health endpoints, request ids, security headers, sign-in lockout and session lifetimes."""
import logging
import time

import pytest
from django.test import override_settings
from django.urls import reverse

from config.middleware import SessionLifetimeMiddleware
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_live_and_ready(client):
    assert client.get("/health/live").json() == {"status": "ok"}
    body = client.get("/health/ready").json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["tasks"]["ok"] is True


def test_ready_reports_a_failing_dependency(client, settings):
    settings.HEALTH_CHECKS = {"search": "tests.config.test_health_and_security.broken_check"}
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["search"] == {"ok": False, "error": "ConnectionError", "ms": response.json()["checks"]["search"]["ms"]}


def broken_check():
    raise ConnectionError("search is down")


def test_every_response_carries_a_request_id(client):
    response = client.get(reverse("home"))
    assert len(response["X-Request-ID"]) == 32
    response = client.get(reverse("home"), HTTP_X_REQUEST_ID="proxy-abc.123")
    assert response["X-Request-ID"] == "proxy-abc.123"
    response = client.get(reverse("home"), HTTP_X_REQUEST_ID="bad id; drop table")
    assert response["X-Request-ID"] != "bad id; drop table"


def test_request_log_line_has_no_user_address_or_query(client, reporter, caplog, ward):
    client.login(username=reporter.username, password=PASSWORD)
    with caplog.at_level(logging.INFO, logger="vigil.request"):
        client.get(reverse("incident_list") + "?q=9434765919", REMOTE_ADDR="10.1.2.3")
    records = [r for r in caplog.records if r.name == "vigil.request"]
    assert records and records[-1].route == "incidents/"
    text = " ".join(str(vars(r)) for r in records)
    assert reporter.username not in text and "10.1.2.3" not in text and "9434765919" not in text


def test_content_security_policy_header(client):
    policy = client.get(reverse("report"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_sign_in_locks_out_after_repeated_failures(client, reporter):
    for _ in range(3):
        response = client.post(reverse("login"), {"username": reporter.username, "password": "wrong-password"})
    response = client.post(reverse("login"), {"username": reporter.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True)
def test_successful_sign_in_works_with_lockout_enabled(client, reporter):
    response = client.post(reverse("login"), {"username": reporter.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(reporter.pk)


def test_session_ends_after_absolute_lifetime(client, reporter, settings):
    client.login(username=reporter.username, password=PASSWORD)
    assert client.get(reverse("my_reports")).status_code == 200
    session = client.session
    session[SessionLifetimeMiddleware.key] = time.time() - settings.SESSION_ABSOLUTE_LIFETIME - 1
    session.save()
    response = client.get(reverse("my_reports"))
    assert response.status_code == 302 and "expired=1" in response.url
    assert client.get(reverse("my_reports")).status_code == 302  # signed out


def test_idle_timeout_is_thirty_minutes_and_renewed_by_activity(client, reporter):
    client.login(username=reporter.username, password=PASSWORD)
    response = client.get(reverse("my_reports"))
    assert response.cookies["sessionid"]["max-age"] == 30 * 60


def test_csrf_is_enforced_on_the_report_form(ward):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("report"), {"narrative": "x"})
    assert response.status_code == 403
