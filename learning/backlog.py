"""Classification as a backlog the operators' tools can watch and retry (incidents.extensions.Backlog)."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from incidents.models import Incident

from . import services
from .classifier.model import ModelNotTrained


def pending(older_than: dt.timedelta) -> tuple[int, list[str]]:
    """Incidents reported more than `older_than` ago that still wait for classification, and a few references."""
    waiting = Incident.objects.filter(services.pending_classification_q(), reported_at__lt=timezone.now() - older_than).distinct()
    return waiting.count(), list(waiting.order_by("reported_at").values_list("reference", flat=True)[:5])


def retry(limit: int) -> int:
    """Classify up to `limit` waiting incidents; returns how many succeeded (0 if no model is trained)."""
    try:
        return services.classify_pending(limit=limit).classified
    except ModelNotTrained:
        return 0
