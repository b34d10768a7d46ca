"""Listeners that queue index updates. They never raise: a report is saved whatever search does."""
from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from incidents import signals as incident_signals
from incidents.models import Directorate, Location, Site, Specialty

from . import indexing

log = logging.getLogger(__name__)


def queue_and_index(incident_ids: list[int]) -> None:
    """Record the change in the outbox, then enqueue the indexing task. Failures are logged, not raised."""
    try:
        with transaction.atomic():  # a savepoint when sent inside the follow-up transaction
            indexing.mark_dirty(incident_ids)
    except Exception:
        log.exception("could not queue incidents %s for indexing; `manage.py search_drift --repair` will find them", incident_ids)
        return
    try:
        from .tasks import index_incidents

        with transaction.atomic():
            index_incidents.enqueue(list(incident_ids))
    except Exception:
        log.exception("could not enqueue indexing of %s; `manage.py search_catch_up` will retry", incident_ids)


def _after_commit(incident_ids: list[int]) -> None:
    transaction.on_commit(lambda: queue_and_index(incident_ids))


def on_incident_event(sender, incident_id, **kwargs) -> None:
    # Sent after commit already (incidents.signals), so this can run straight away.
    queue_and_index([incident_id])


def on_theme_row(sender, instance, **kwargs) -> None:
    """A confirmed theme or a suggestion was added, changed or removed."""
    _after_commit([instance.incident_id])


def _queue_where(condition: str, params: list) -> None:
    def run():
        try:
            indexing.mark_dirty_where(condition, params)
            from .tasks import process_outbox

            process_outbox.enqueue()
        except Exception:
            log.exception("could not queue incidents after a rename; run `manage.py search_drift --deep --repair`")

    transaction.on_commit(run)


def on_theme_changed(sender, instance, created=False, **kwargs) -> None:
    if created:
        return
    condition = (
        "i.id IN (SELECT incident_id FROM learning_confirmedtheme WHERE theme_id = %s)"
        " OR i.id IN (SELECT incident_id FROM learning_themesuggestion WHERE theme_id = %s)"
    )
    _queue_where(condition, [instance.pk, instance.pk])


def on_place_renamed(sender, instance, created=False, **kwargs) -> None:
    """Names are indexed, so renaming a ward, directorate, site or specialty re-indexes its incidents."""
    if created:
        return
    if sender is Location:
        _queue_where("i.location_id = %s", [instance.pk])
    elif sender is Directorate:
        _queue_where("i.location_id IN (SELECT id FROM incidents_location WHERE directorate_id = %s)", [instance.pk])
    elif sender is Site:
        _queue_where(
            "i.location_id IN (SELECT l.id FROM incidents_location l JOIN incidents_directorate d"
            " ON d.id = l.directorate_id WHERE d.site_id = %s)",
            [instance.pk],
        )
    elif sender is Specialty:
        _queue_where("i.specialty_id = %s", [instance.pk])


def connect() -> None:
    incident_signals.incident_submitted.connect(on_incident_event, dispatch_uid="search.incident_submitted")
    incident_signals.incident_changed.connect(on_incident_event, dispatch_uid="search.incident_changed")
    for model in (Location, Directorate, Site, Specialty):
        post_save.connect(on_place_renamed, sender=model, dispatch_uid=f"search.renamed.{model.__name__}")
    from django.apps import apps

    if apps.is_installed("learning"):
        from learning.models import ConfirmedTheme, Theme, ThemeSuggestion

        for model in (ConfirmedTheme, ThemeSuggestion):
            post_save.connect(on_theme_row, sender=model, dispatch_uid=f"search.saved.{model.__name__}")
            post_delete.connect(on_theme_row, sender=model, dispatch_uid=f"search.deleted.{model.__name__}")
        post_save.connect(on_theme_changed, sender=Theme, dispatch_uid="search.theme_changed")
