"""When the redaction rules change, text the index redacted under the old rules is redacted again."""
from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from incidents import privacy
from search import indexing
from search.backends import get_search_backend
from search.criteria import build_criteria
from search.models import IndexQueue, IndexState

NARRATIVE = "Mrs Gwendolyn Pettifer fell in the day room; daughter Imelda informed by phone."


@pytest.fixture
def redactor(settings):
    """Switch the configured redactor; the module caches it, so clear the cache both ways."""

    def use(path: str) -> None:
        settings.VIGIL = {**settings.VIGIL, "REDACTOR": path}
        privacy._configured_redactor.cache_clear()

    yield use
    privacy._configured_redactor.cache_clear()


def governance_hits(world, q):
    page = get_search_backend().search(build_criteria(user=world.governance, q=q, per_page=50))
    return {h.incident_id for h in page.hits}


def test_a_new_installation_records_the_rules_and_queues_nothing(db):
    assert indexing.refresh_for_redaction() == 0
    assert IndexState.objects.get(name=indexing.REDACTION_VERSION).value == privacy.redaction_version()
    assert not IndexQueue.objects.exists()


def test_an_index_of_unknown_age_is_refreshed_once(world):
    IndexQueue.objects.all().delete()
    IndexState.objects.all().delete()
    assert indexing.refresh_for_redaction() == len(world.incidents)
    assert IndexQueue.objects.count() == len(world.incidents)
    assert indexing.refresh_for_redaction() == 0


def test_the_version_names_the_redactor_and_its_rules(redactor):
    full = privacy.redaction_version()
    redactor("incidents.privacy.redact_text")
    assert privacy.redaction_version() != full


def test_the_rules_version_changes_when_a_list_the_rules_read_changes(tmp_path, monkeypatch):
    from learning.redaction import rules_version, words

    before = rules_version()
    for name in ("first_names.txt", "family_names_first.txt", "abbreviations.json"):
        (tmp_path / name).write_bytes((words.DATA_DIR / name).read_bytes())
    monkeypatch.setattr(words, "DATA_DIR", tmp_path)
    rules_version.cache_clear()
    try:
        assert rules_version() == before  # the same files, the same version
        with (tmp_path / "first_names.txt").open("a", encoding="utf-8") as names:
            names.write("Zebedee\n")
        rules_version.cache_clear()
        assert rules_version() != before
    finally:
        rules_version.cache_clear()


def test_stored_text_redacted_by_older_rules_is_redacted_again_by_the_catch_up(world, redactor, django_capture_on_commit_callbacks):
    from tests.factories import submit

    # Indexed while only the baseline redactor (NHS numbers and the record's own numbers) was in use: the names
    # reach the redacted text, and governance can find the incident by a patient's name.
    redactor("incidents.privacy.redact_text")
    indexing.rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        incident = submit(world.north_ward, narrative=NARRATIVE, reporter=world.reporter).incident
    assert governance_hits(world, "Pettifer") == {incident.pk}

    # The better rules arrive (an upgrade): the next catch-up queues everything and indexes it again.
    redactor("learning.redaction.redact")
    out = StringIO()
    call_command("search_catch_up", stdout=out)
    assert "queued to be indexed again" in out.getvalue()
    assert not IndexQueue.objects.exists()
    assert governance_hits(world, "Pettifer") == set()
    assert governance_hits(world, "Imelda") == set()
    assert governance_hits(world, "day room") == {incident.pk}
    assert IndexState.objects.get(name=indexing.REDACTION_VERSION).value == privacy.redaction_version()
