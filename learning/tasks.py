"""Background tasks: thin wrappers over services, with JSON-serialisable arguments."""
from django_tasks import task

from . import services, summary


@task()
def classify_incident(incident_id: int) -> dict:
    """Suggest themes for a new incident. Never raises: failures are recorded for `themes_backfill`."""
    return services.classify_incident_safely(incident_id=incident_id)


@task()
def refresh_trends_summary() -> dict:
    """Rebuild the months of the trends summary marked stale. Never raises: a month left stale is read live."""
    return summary.refresh_stale_safely()
