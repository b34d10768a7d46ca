"""API tokens: manage.py api_token, what a token's scopes allow, and tokens in the admin."""
import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from api import scopes
from api.models import ApiToken
from tests.api.conftest import report_body

pytestmark = pytest.mark.django_db


def _token(username: str, *args) -> str:
    out, err = StringIO(), StringIO()
    call_command("api_token", username, *args, stdout=out, stderr=err)
    return out.getvalue().strip()


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _works(key: str) -> bool:
    return _client(key).get("/api/v1/themes/").status_code == 200


def test_prints_a_working_token_and_replaces_the_old_one_of_the_same_name(handler):
    first = _token(handler.username)
    assert first.startswith("vgl_") and _works(first)
    second = _token(handler.username)
    assert second != first and _works(second) and not _works(first)
    other = _token(handler.username, "--name", "theatre system")
    assert _works(other) and _works(second)
    assert ApiToken.objects.usable().filter(user=handler).count() == 2


def test_only_a_digest_of_the_key_is_stored(handler):
    key = _token(handler.username)
    token = ApiToken.objects.get(user=handler)
    assert key not in (token.digest, token.prefix) and key.startswith(token.prefix)
    assert not ApiToken.objects.filter(digest__contains=key[4:]).exists()


def test_revoke_one_or_all(handler):
    key = _token(handler.username)
    other = _token(handler.username, "--name", "ward app")
    assert _token(handler.username, "--revoke") == ""
    assert not _works(key) and _works(other)
    _token(handler.username, "--revoke", "--all")
    assert not _works(other)
    listing = _token(handler.username, "--list")
    assert listing.count("revoked") == 2 and key not in listing


def test_expired_tokens_are_refused(handler):
    key = _token(handler.username, "--expires-in-days", "30")
    assert _works(key)
    ApiToken.objects.filter(user=handler).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = _client(key).get("/api/v1/themes/")
    assert response.status_code == 401 and "expired" in response.json()["error"]["message"]


def test_unknown_and_inactive_users_and_bad_scopes(handler):
    with pytest.raises(CommandError, match="No user called"):
        _token("nobody")
    with pytest.raises(CommandError, match="invalid choice"):
        _token(handler.username, "--scope", "everything")
    handler.is_active = False
    handler.save()
    with pytest.raises(CommandError, match="not active"):
        _token(handler.username)


def test_a_token_of_a_deactivated_account_stops_working(handler):
    key = _token(handler.username)
    handler.is_active = False
    handler.save()
    assert _client(key).get("/api/v1/themes/").status_code == 401


def test_scopes_narrow_what_a_token_can_do(handler, ward):
    submit_only = _token(handler.username, "--name", "ward app", "--scope", "report")
    client = _client(submit_only)
    assert client.post("/api/v1/incidents/", report_body(ward), format="json").status_code == 201
    assert client.get("/api/v1/locations/").status_code == 200  # reference data: any token
    refused = client.get("/api/v1/incidents/")
    assert refused.status_code == 403 and "'incidents:read' scope" in refused.json()["error"]["message"]
    reference = client.get("/api/v1/me/reports/").json()["results"][0]["reference"]
    assert client.post(f"/api/v1/incidents/{reference}/status/", {"to": "under_review"}, format="json").status_code == 403

    reader = _client(_token(handler.username, "--name", "analyst", "--scope", "incidents:read"))
    assert reader.get("/api/v1/incidents/").status_code == 200
    assert reader.post("/api/v1/incidents/", report_body(ward), format="json").status_code == 403
    assert reader.get("/api/v1/goals/").status_code == 403


def test_scopes_never_widen_the_role(reporter, ward):
    """A reporter's token with every scope still cannot browse incidents: the role decides first."""
    client = _client(_token(reporter.username))
    assert client.post("/api/v1/incidents/", report_body(ward), format="json").status_code == 201
    assert client.get("/api/v1/incidents/").status_code == 403
    assert client.get("/api/v1/search/", {"q": "fall"}).status_code == 403


def test_sessions_carry_no_scopes(handler):
    client = APIClient()
    client.force_login(handler)
    assert client.get("/api/v1/incidents/").status_code == 200


def _api_views():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif prefix.startswith("api/v1/") or str(pattern.pattern).startswith("api/v1/"):
                view_class = getattr(pattern.callback, "view_class", None)
                if view_class is not None:
                    yield prefix + str(pattern.pattern), view_class

    return list(walk(get_resolver().url_patterns))


def test_every_api_endpoint_declares_the_scope_a_token_needs():
    views = _api_views()
    assert len(views) > 20
    missing = []
    for route, view_class in views:
        if view_class.authentication_classes == []:
            continue  # no authentication at all (ping, the JSON 404)
        for method in ("get", "post", "patch", "put", "delete"):
            if hasattr(view_class, method) and not scopes.is_declared(scopes.needed(view_class, method)):
                missing.append(f"{method.upper()} {route}")
    assert not missing, missing


def test_an_endpoint_without_a_declared_scope_refuses_tokens(handler, monkeypatch):
    from api.views.reference import ThemesView

    key = _token(handler.username)
    monkeypatch.delattr(ThemesView, "token_scope")
    response = _client(key).get("/api/v1/themes/")
    assert response.status_code == 403 and "cannot be called with an API token" in response.json()["error"]["message"]


def test_admin_issues_a_token_and_shows_the_key_once(admin_user, handler):
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/api/apitoken/add/",
        {"name": "E-rostering", "user": handler.pk, "scopes": ["incidents:read", "search"], "expires_at_0": "", "expires_at_1": ""},
    )
    assert response.status_code == 200
    rejected = response.context.get("adminform") if response.context else None
    assert rejected is None, rejected.form.errors
    token = ApiToken.objects.get(name="E-rostering")
    page = response.content.decode()
    key = page.split('id="issued-key">')[1].split("<")[0]
    assert key.startswith(token.prefix) and _works(key)
    assert token.scopes == ["incidents:read", "search"]
    listing = client.get("/admin/api/apitoken/").content.decode()
    assert token.prefix in listing and key not in listing
