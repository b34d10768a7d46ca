"""Mark months of the trends summary stale when what they count changes, and queue their rebuild.

Marks come from model signals, not incidents.signals: they run inside the transaction making the change, so the
stale mark commits (or rolls back) with it, and they still see a deleted incident's month and a moved incident's
old one (incident_changed carries only an id, after commit, when both are gone).

- Incident saved (new, or with a counted field changed: learning.summary.COUNTED_FIELDS) or deleted
  (retention): its month, and its previous month if `occurred_at` moved.
- ConfirmedTheme saved or deleted one by one: its incident's month. Deletions cascading from an incident's
  are covered by the incident's own mark.
- ThemeReview created: learning.services.themes_confirm adds confirmations with bulk_create, which sends no
  post_save; the review it writes in the same transaction stands in for them.

The rebuild task is queued by incident_submitted / incident_changed, which every incident service sends after
commit, so it shares the one follow-up transaction of the other listeners' queue writes; and after commit by
deletions (retention sends no signal). With tasks queued in the database, a refresh already waiting
covers later marks, so no second one is queued. A month marked by a write outside the services (the admin, a shell) is
read live until the next task or `trends_summarise`. Writes that bypass model signals (QuerySet.update(),
bulk_create, raw SQL, bulk loads such as the demo and the benchmark) must call learning.summary.mark_stale or
rebuild; `trends_summarise --check` finds any that did not. None of this ever raises into the write.
"""
from __future__ import annotations

import contextlib
import logging

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from incidents import signals as incident_signals
from incidents.models import Incident

from . import summary
from .models import ConfirmedTheme, SummaryStaleMonth, ThemeReview

logger = logging.getLogger(__name__)


def enqueue_refresh() -> None:
    """Queue a rebuild of the stale months, if there are any."""
    from . import tasks

    # Inside the follow-up transaction (tasks queued in the database), a savepoint, so that a failure here does
    # not undo the other listeners' writes. Outside one (tasks run in-process), none: the rebuild then runs at
    # once and commits month by month instead of holding one long transaction.
    savepoint = transaction.atomic() if transaction.get_connection().in_atomic_block else contextlib.nullcontext()
    try:
        with savepoint:
            if SummaryStaleMonth.objects.exists() and not _refresh_waiting(tasks.refresh_trends_summary):
                tasks.refresh_trends_summary.enqueue()
    except Exception as exc:  # noqa: BLE001 - stale months are read live until the next task or trends_summarise
        logger.warning("Could not queue a trends summary refresh: %s", type(exc).__name__)


def _refresh_waiting(task) -> bool:
    """Whether a refresh is already queued in the database and not yet started.

    One waiting refresh covers every month marked so far: it reads the marks when it starts, and this change's
    mark committed before this check (the check runs in the follow-up transaction, after the change's own). So
    a busy ward adds no more than one queued refresh, however many reports arrive while a month is rebuilt (about
    a second at 1M incidents on PostgreSQL); without this the queue would grow by one per report.
    """
    from django_tasks import task_backends

    try:
        from django_tasks_db import DatabaseBackend
        from django_tasks_db.models import DBTaskResult

        return isinstance(task_backends[task.backend], DatabaseBackend) and (
            DBTaskResult.objects.ready().filter(task_path=task.module_path).exists()
        )
    except Exception:  # noqa: BLE001 - unsure (another backend, no such table): queue one; an idle refresh is cheap
        return False


@receiver(incident_signals.incident_submitted, dispatch_uid="learning.summary.refresh_after_submission")
@receiver(incident_signals.incident_changed, dispatch_uid="learning.summary.refresh_after_change")
def refresh_after_incident_event(sender, incident_id: int, **kwargs) -> None:
    enqueue_refresh()


def _mark(*months) -> bool:
    return summary.mark_stale_safely(months=months)


def _counted_change(update_fields) -> bool:
    return update_fields is None or bool(summary.COUNTED_FIELDS & set(update_fields))


@receiver(pre_save, sender=Incident, dispatch_uid="learning.summary.incident_saving")
def incident_saving(sender, instance: Incident, raw=False, update_fields=None, **kwargs) -> None:
    """Note the month an existing incident is leaving, if its `occurred_at` changes."""
    instance._summary_old_month = None
    if instance._state.adding or instance.pk is None or not _counted_change(update_fields):
        return
    if update_fields is not None and "occurred_at" not in update_fields:
        return
    try:
        old = Incident.objects.filter(pk=instance.pk).values_list("occurred_at", flat=True).first()
    except Exception:  # noqa: BLE001
        logger.exception("Could not read incident %s's previous date for the trends summary", instance.pk)
        return
    if old is not None and instance.occurred_at is not None and summary.month_of(old) != summary.month_of(instance.occurred_at):
        instance._summary_old_month = summary.month_of(old)


@receiver(post_save, sender=Incident, dispatch_uid="learning.summary.incident_saved")
def incident_saved(sender, instance: Incident, created=False, update_fields=None, **kwargs) -> None:
    if (created or _counted_change(update_fields)) and instance.occurred_at is not None:
        _mark(summary.month_of(instance.occurred_at), getattr(instance, "_summary_old_month", None))


@receiver(post_delete, sender=Incident, dispatch_uid="learning.summary.incident_deleted")
def incident_deleted(sender, instance: Incident, **kwargs) -> None:
    if instance.occurred_at is not None and _mark(summary.month_of(instance.occurred_at)):
        # No incident signal follows a deletion. Retention deletes many at once: queue one refresh, not one each.
        pending = transaction.get_connection().run_on_commit
        if not any(callback is enqueue_refresh for _, callback, *_ in pending):
            transaction.on_commit(enqueue_refresh, robust=True)


def _from_incident_deletion(origin) -> bool:
    return isinstance(origin, Incident) or (isinstance(origin, QuerySet) and origin.model is Incident)


@receiver(post_save, sender=ConfirmedTheme, dispatch_uid="learning.summary.theme_saved")
@receiver(post_delete, sender=ConfirmedTheme, dispatch_uid="learning.summary.theme_deleted")
def theme_changed(sender, instance, **kwargs) -> None:
    """A confirmed theme (or a theme review) was written: mark its incident's month."""
    if _from_incident_deletion(kwargs.get("origin")):
        return
    try:
        if type(instance).incident.is_cached(instance):
            occurred = instance.incident.occurred_at
        else:
            occurred = Incident.objects.filter(pk=instance.incident_id).values_list("occurred_at", flat=True).first()
    except Exception:  # noqa: BLE001
        logger.exception("Could not find the month of incident %s for the trends summary", instance.incident_id)
        return
    if occurred is not None:
        _mark(summary.month_of(occurred))


@receiver(post_save, sender=ThemeReview, dispatch_uid="learning.summary.review_created")
def review_created(sender, instance: ThemeReview, created=False, **kwargs) -> None:
    if created:
        theme_changed(sender, instance)
