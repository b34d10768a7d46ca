"""Background tasks: thin wrappers over search.indexing with JSON-serialisable arguments."""
from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from . import indexing


@task()
def index_incidents(incident_ids: list[int]) -> dict:
    """Index these queued incidents now; whatever fails stays queued for `search_catch_up`."""
    return asdict(indexing.process(incident_ids=incident_ids))


@task()
def process_outbox(limit: int = 10000) -> dict:
    """Index up to `limit` queued incidents, oldest first."""
    return asdict(indexing.process(limit=limit))
