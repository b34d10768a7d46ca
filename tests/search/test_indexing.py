"""Keeping the index in step: signals, the outbox, outages, rebuilds, drift and the commands."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from incidents import services
from incidents.models import Incident
from learning.models import ConfirmedTheme, Theme
from search import indexing
from search.backends import backends, get_search_backend
from search.criteria import build_criteria
from search.models import IndexQueue, SearchDocument
from tests.factories import submit

from .flaky import FlakyBackend


def hits(world, q, user=None):
    page = get_search_backend().search(build_criteria(user=user or world.admin, q=q, per_page=50))
    return {h.incident_id for h in page.hits}


@pytest.fixture
def flaky(settings):
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": "tests.search.flaky.FlakyBackend"}}
    backends.reset()
    FlakyBackend.down = False
    yield FlakyBackend
    FlakyBackend.down = False


def test_a_submitted_report_is_indexed_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incident = submit(world.north_ward, narrative="Oxygen cylinder empty during transfer to CT.").incident
    assert hits(world, "cylinder") == {incident.pk}
    assert not IndexQueue.objects.exists()


def test_a_rolled_back_report_never_reaches_the_index(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                submit(world.north_ward, narrative="Defibrillator pads missing from trolley.")
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert hits(world, "defibrillator") == set()
    assert not IndexQueue.objects.exists()


def test_a_status_change_reaches_the_index(world, django_capture_on_commit_callbacks):
    incident = world.incidents["insulin"]
    with django_capture_on_commit_callbacks(execute=True):
        services.incident_transition(incident=incident, by=world.admin, to="in_triage")
    assert hits(world, "status:in_triage") == {incident.pk, world.incidents["pressure"].pk}


def test_confirming_a_theme_reindexes_the_incident(world, django_capture_on_commit_callbacks):
    incident = world.incidents["ng_tube"]
    with django_capture_on_commit_callbacks(execute=True):
        ConfirmedTheme.objects.create(incident=incident, theme=Theme.objects.get(slug="devices_equipment"))
    assert hits(world, "theme:devices_equipment") == {incident.pk}
    with django_capture_on_commit_callbacks(execute=True):
        ConfirmedTheme.objects.filter(incident=incident).delete()
    assert hits(world, "theme:devices_equipment") == set()


def test_renaming_a_ward_reindexes_its_incidents(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world.south_ward.name = "Larch Ward"
        world.south_ward.save()
    assert hits(world, '"Larch Ward"') == {world.incidents["pressure"].pk, world.incidents["markup"].pk}


def test_renaming_a_theme_reindexes_incidents_with_it(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        falls = Theme.objects.get(slug="falls")
        falls.name = "Slips trips and falls"
        falls.save()
    assert hits(world, "trips") == {world.incidents["fall"].pk, world.incidents["fall_again"].pk}


def test_fault_report_saved_while_search_is_down_is_found_after_recovery(world, flaky, client, django_capture_on_commit_callbacks):
    flaky.down = True
    with django_capture_on_commit_callbacks(execute=True):
        incident = submit(world.north_ward, narrative="Syringe driver alarm ignored overnight.").incident
    assert Incident.objects.filter(pk=incident.pk).exists()  # the report is saved
    queued = IndexQueue.objects.get(incident_id=incident.pk)
    assert queued.attempts == 1 and "unreachable" in queued.last_error
    client.force_login(world.admin)
    page = client.get("/search/", {"q": "syringe"})
    assert page.status_code == 200 and "Search is not available" in page.content.decode()

    out = StringIO()
    with pytest.raises(CommandError, match="Nothing is lost"):
        call_command("search_catch_up", stdout=out)
    assert IndexQueue.objects.filter(incident_id=incident.pk).exists()

    flaky.down = False
    call_command("search_catch_up", stdout=out)
    assert "indexed 1" in out.getvalue()
    assert hits(world, "syringe") == {incident.pk}
    assert not IndexQueue.objects.exists()
    assert incident.reference in client.get("/search/", {"q": "syringe"}).content.decode()


def test_a_failing_task_queue_leaves_the_change_in_the_outbox(world, monkeypatch, django_capture_on_commit_callbacks):
    from search import tasks

    class BrokenTask:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("task database unavailable")

    monkeypatch.setattr(tasks, "index_incidents", BrokenTask())
    with django_capture_on_commit_callbacks(execute=True):
        incident = submit(world.north_ward, narrative="Blood bottle unlabelled in the pod system.").incident
    assert IndexQueue.objects.filter(incident_id=incident.pk).exists()
    assert hits(world, "unlabelled") == set()
    indexing.process()
    assert hits(world, "unlabelled") == {incident.pk}


def test_a_change_during_indexing_keeps_the_row_queued(world):
    incident = world.incidents["fall"]
    indexing.mark_dirty([incident.pk])
    original = indexing.documents_for

    def and_change_meanwhile(ids):
        indexing.mark_dirty([incident.pk])  # another change lands while we index
        return original(ids)

    indexing.documents_for = and_change_meanwhile
    try:
        indexing.process()
    finally:
        indexing.documents_for = original
    assert IndexQueue.objects.get(incident_id=incident.pk).version == 2
    indexing.process()
    assert not IndexQueue.objects.exists()


def test_rebuild_command_streams_in_chunks(world):
    get_search_backend().clear()
    out = StringIO()
    call_command("search_rebuild", "--chunk-size", "2", stdout=out)
    assert "Indexed 7 incidents in 4 chunks" in out.getvalue()
    assert SearchDocument.objects.count() == 7


def test_drift_finds_missing_extra_and_stale_and_repairs_them(world):
    backend = get_search_backend()
    missing = world.incidents["fall"]
    backend.delete([missing.pk])
    stale = world.incidents["insulin"]
    Incident.objects.filter(pk=stale.pk).update(updated_at=timezone.now() + dt.timedelta(seconds=5), narrative="Changed behind the index.")
    # An index entry whose incident no longer exists (a copy of another under an unused id).
    backend.index([replace(indexing.documents_for([world.incidents["markup"].pk])[0], incident_id=999999)])

    report = indexing.drift()
    assert report.missing == [missing.pk] and report.stale == [stale.pk] and report.extra == [999999]

    out = StringIO()
    with pytest.raises(CommandError, match="drifted"):
        call_command("search_drift", "--fail-on-drift", stdout=out)
    call_command("search_drift", "--repair", stdout=out)
    assert "Repaired" in out.getvalue()
    assert indexing.drift().drifted == 0
    assert hits(world, '"behind the index"') == {stale.pk}


def test_deep_drift_notices_a_theme_change_that_did_not_touch_the_incident(world):
    ConfirmedTheme.objects.create(incident=world.incidents["pressure"], theme=Theme.objects.get(slug="pressure_ulcers"))
    assert indexing.drift().drifted == 0  # not after commit in this test: the index was not told
    assert indexing.drift(deep=True).stale == [world.incidents["pressure"].pk]


def test_backlog_is_registered_for_the_operations_page():
    from incidents import extensions

    if not hasattr(extensions, "backlogs"):
        pytest.skip("incidents.extensions has no backlog registry in this tree")
    assert any(b.name == "search index" for b in extensions.backlogs)
