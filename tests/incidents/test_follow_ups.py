"""What a submission leaves queued behind it when tasks go to a database queue, as in production."""
from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from search.models import IndexQueue
from tests.factories import submit

pytestmark = pytest.mark.django_db(transaction=True)

QUEUED = {"TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}}


def _task_paths() -> list[str]:
    return sorted(DBTaskResult.objects.values_list("task_path", flat=True))


def _commits(queries) -> int:
    return sum(1 for q in queries if q["sql"].upper().startswith("COMMIT"))


def test_a_report_queues_indexing_and_classification_in_one_follow_up_commit(ward, reporter, settings):
    settings.TASKS = QUEUED["TASKS"]
    with CaptureQueriesContext(connection) as queries:
        incident = submit(ward, reporter=reporter).incident
    assert IndexQueue.objects.filter(incident_id=incident.pk).exists()
    assert {"learning.tasks.classify_incident", "search.tasks.index_incidents"} <= set(_task_paths())
    if connection.vendor == "postgresql":  # SQLite's transaction statements are not captured the same way
        assert _commits(queries.captured_queries) == 2, [q["sql"][:80] for q in queries.captured_queries]


def test_one_failing_listener_does_not_undo_the_others(ward, reporter, settings):
    settings.TASKS = QUEUED["TASKS"]
    with mock.patch("search.indexing.mark_dirty", side_effect=DatabaseError("outbox table locked")):
        incident = submit(ward, reporter=reporter).incident
    assert not IndexQueue.objects.filter(incident_id=incident.pk).exists()
    # The report is saved and classification is still queued; search_drift --repair finds the missed index.
    assert "learning.tasks.classify_incident" in _task_paths() and "search.tasks.index_incidents" not in _task_paths()
    assert incident.__class__.objects.filter(pk=incident.pk).exists()


def test_a_failed_follow_up_commit_never_fails_the_report(ward, reporter, settings, caplog):
    settings.TASKS = QUEUED["TASKS"]
    with mock.patch("search.receivers.queue_and_index", side_effect=RuntimeError("listener bug")):
        incident = submit(ward, reporter=reporter).incident
    assert incident.__class__.objects.filter(pk=incident.pk).exists()
    assert "listener bug" in caplog.text


def test_reports_share_one_waiting_trends_refresh(ward, reporter, settings):
    settings.TASKS = QUEUED["TASKS"]
    refresh = "learning.tasks.refresh_trends_summary"
    for _ in range(3):
        submit(ward, reporter=reporter)
    assert _task_paths().count(refresh) == 1
    assert _task_paths().count("learning.tasks.classify_incident") == 3

    # Once a worker has started it, it may have read the marks already: the next report queues another.
    DBTaskResult.objects.filter(task_path=refresh).update(status="RUNNING")
    submit(ward, reporter=reporter)
    submit(ward, reporter=reporter)
    assert DBTaskResult.objects.filter(task_path=refresh, status="READY").count() == 1
    assert _task_paths().count(refresh) == 2
