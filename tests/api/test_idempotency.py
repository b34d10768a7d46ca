"""Idempotency-Key: a retried POST answers with the first result instead of doing the work twice."""
import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import IdempotencyRecord
from incidents import services
from incidents.models import Feedback, Incident, IncidentAction

from .conftest import assert_error, authenticate, report_body

URL = "/api/v1/incidents/"


def _key() -> str:
    return str(uuid.uuid4())


def _post(client, body, key, url=URL):
    return client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
def test_retry_with_same_key_and_body_replays_the_first_answer(api, ward):
    key, body = _key(), report_body(ward)
    first = _post(api, body, key)
    second = _post(api, body, key)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert first.json()["follow_up_code"]
    assert second["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert Incident.objects.count() == 1


@pytest.mark.django_db
def test_key_order_in_the_body_does_not_matter(api, ward):
    key, body = _key(), report_body(ward)
    _post(api, body, key)
    reordered = dict(reversed(list(body.items())))
    assert _post(api, reordered, key)["Idempotent-Replayed"] == "true"
    assert Incident.objects.count() == 1


@pytest.mark.django_db
def test_same_key_with_a_different_body_is_refused(api, ward):
    key = _key()
    _post(api, report_body(ward), key)
    error = assert_error(_post(api, report_body(ward, narrative="Something else happened."), key), 422, "idempotency_key_reused")
    assert "different request" in error["message"]
    assert Incident.objects.count() == 1


@pytest.mark.django_db
def test_without_a_key_each_post_is_a_new_report(api, ward):
    body = report_body(ward)
    api.post(URL, body, format="json")
    api.post(URL, body, format="json")
    assert Incident.objects.count() == 2


@pytest.mark.django_db
def test_keys_are_per_user(api, ward, reporter, handler):
    key, body = _key(), report_body(ward)
    authenticate(api, reporter)
    mine = _post(api, body, key).json()
    authenticate(api, handler)
    theirs = _post(api, body, key).json()
    assert mine["reference"] != theirs["reference"]
    assert Incident.objects.get(reference=theirs["reference"]).reporter == handler


@pytest.mark.django_db
def test_callers_who_are_not_signed_in_share_one_namespace(ward):
    key, body = _key(), report_body(ward)
    first = _post(APIClient(), body, key)
    second = _post(APIClient(REMOTE_ADDR="10.9.9.9"), body, key)
    assert second.json() == first.json() and second["Idempotent-Replayed"] == "true"


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["short", "x" * 256, "has spaces in the key!!", "caf\u00e9-0123456789abcdef"])
def test_malformed_keys_are_refused(api, ward, key):
    assert_error(_post(api, report_body(ward), key), 400, "invalid_idempotency_key")
    assert Incident.objects.count() == 0


@pytest.mark.django_db
def test_a_failed_request_does_not_use_up_the_key(api, ward):
    key = _key()
    assert_error(_post(api, report_body(ward, narrative=""), key), 400)
    assert IdempotencyRecord.objects.count() == 0
    assert _post(api, report_body(ward), key).status_code == 201


@pytest.mark.django_db
def test_neither_the_key_nor_the_follow_up_code_is_stored_in_clear(api, ward):
    key = _key()
    code = _post(api, report_body(ward), key).json()["follow_up_code"]
    record = IdempotencyRecord.objects.get()
    stored = " ".join(str(v) for v in IdempotencyRecord.objects.values().get().values())
    assert code not in stored and code.replace("-", "") not in stored and key not in stored
    assert record.scope == "anonymous" and record.status_code == 201


@pytest.mark.django_db
def test_action_and_feedback_posts_are_idempotent_too(api, world):
    people, incident = world
    authenticate(api, people["handler_in_scope"])
    base = f"/api/v1/incidents/{incident.reference}"
    due = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    action = {"description": "Check the pump", "owner": "Ward", "due_on": due}
    key = _key()
    assert _post(api, action, key, f"{base}/actions/").json() == _post(api, action, key, f"{base}/actions/").json()
    key = _key()
    _post(api, {"message": "Thanks"}, key, f"{base}/feedback/")
    _post(api, {"message": "Thanks"}, key, f"{base}/feedback/")
    assert IncidentAction.objects.filter(incident=incident).count() == 1
    assert Feedback.objects.filter(incident=incident).count() == 1
    # A key is one request: the same key on another endpoint is a different request.
    assert_error(_post(api, {"message": "Thanks"}, key, f"{base}/actions/"), 422)


@pytest.mark.django_db
def test_purge_command_deletes_old_records(api, ward):
    _post(api, report_body(ward), _key())
    _post(api, report_body(ward), _key())
    IdempotencyRecord.objects.filter(pk=IdempotencyRecord.objects.first().pk).update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    call_command("api_purge_idempotency")
    assert IdempotencyRecord.objects.count() == 1


def _slow_submit(monkeypatch, started: threading.Event):
    """Make the submission service hold its transaction open, so that a second copy surely overlaps it."""
    real = services.incident_submit

    def slow(**kwargs):
        result = real(**kwargs)
        started.set()
        time.sleep(0.5)
        return result

    monkeypatch.setattr(services, "incident_submit", slow)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_with_one_key_make_one_report(ward, monkeypatch):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip(
            "SQLite's in-memory test database uses shared-cache table locks, which fail at once instead of "
            "waiting; this test runs on PostgreSQL (DATABASE_URL=postgres://...)."
        )
    started = threading.Event()
    _slow_submit(monkeypatch, started)
    key, body = _key(), report_body(ward)
    answers: dict[str, object] = {}

    times: dict[str, float] = {}

    def call(name: str, wait_for_first: bool):
        try:
            if wait_for_first:
                assert started.wait(10), "the first request never reached the service"
            times[f"{name}_began"] = time.monotonic()
            answers[name] = _post(APIClient(), body, key)
            times[f"{name}_ended"] = time.monotonic()
        except Exception as exc:  # surfaced by the assertions below
            answers[name] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=call, args=("first", False)), threading.Thread(target=call, args=("second", True))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    first, second = answers["first"], answers["second"]
    assert not isinstance(first, Exception), first
    assert not isinstance(second, Exception), second
    assert times["second_began"] < times["first_ended"], "the two requests did not overlap; nothing was tested"
    assert first.status_code == second.status_code == 201, (first.content, second.content)
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Incident.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


def test_two_concurrent_requests_on_a_sqlite_file_database(tmp_path):
    """The same race on SQLite as used in development (a file with WAL), in a subprocess with its own database."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}", "PYTHONPATH": str(settings.BASE_DIR)}
    probe = os.path.join(os.path.dirname(__file__), "sqlite_concurrency_probe.py")
    run = subprocess.run([sys.executable, probe], env=env, capture_output=True, text=True, timeout=120, cwd=settings.BASE_DIR)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    first, second = result["answers"]["first"], result["answers"]["second"]
    assert "error" not in first and "error" not in second, result
    assert second["began"] < first["ended"], "the two requests did not overlap; nothing was tested"
    assert first["status"] == second["status"] == 201
    assert first["body"] == second["body"] and second["replayed"] == "true"
    assert result["incidents"] == 1 and result["records"] == 1
