"""Listeners for incident events. They never raise into the code that saved the report."""
from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import receiver

from incidents import signals

logger = logging.getLogger(__name__)


def enqueue_classification(incident_id: int) -> None:
    """Queue classification of one incident; if even queueing fails, note it so the backfill retries."""
    from . import services, tasks

    try:
        with transaction.atomic():  # a savepoint when sent inside the follow-up transaction
            tasks.classify_incident.enqueue(incident_id)
    except Exception as exc:  # noqa: BLE001 - the queue being down must not lose or block the report
        logger.warning("Could not queue classification of incident %s: %s", incident_id, type(exc).__name__)
        try:
            with transaction.atomic():
                services.record_failure(incident_id=incident_id, error=f"Could not queue: {type(exc).__name__}: {exc}")
        except Exception:  # noqa: BLE001
            logger.exception("Could not record that incident %s is waiting for classification", incident_id)


@receiver(signals.incident_submitted, dispatch_uid="learning.classify_new_incident")
def classify_new_incident(sender, incident_id: int, **kwargs) -> None:
    # Sent after the report committed (incidents.signals), possibly inside the follow-up transaction, whose
    # commit the queued task then shares.
    enqueue_classification(incident_id)
