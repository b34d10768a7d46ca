"""manage.py api_token: create, replace and revoke API tokens."""
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _token(username: str, *args) -> str:
    out, err = StringIO(), StringIO()
    call_command("api_token", username, *args, stdout=out, stderr=err)
    return out.getvalue().strip()


def _works(key: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/themes/").status_code == 200


def test_prints_a_working_token_and_replaces_the_old_one(handler):
    first = _token(handler.username)
    assert len(first) == 40 and _works(first)
    second = _token(handler.username)
    assert second != first and _works(second) and not _works(first)
    assert Token.objects.filter(user=handler).count() == 1


def test_revoke(handler):
    key = _token(handler.username)
    assert _token(handler.username, "--revoke") == ""
    assert not _works(key) and not Token.objects.filter(user=handler).exists()


def test_unknown_and_inactive_users(handler):
    with pytest.raises(CommandError, match="No user called"):
        _token("nobody")
    handler.is_active = False
    handler.save()
    with pytest.raises(CommandError, match="not active"):
        _token(handler.username)
