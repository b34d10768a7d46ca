"""Background tasks: thin wrappers over services, with JSON-serialisable arguments."""
from django_tasks import task

from . import services


@task()
def classify_incident(incident_id: int) -> dict:
    """Suggest themes for a new incident. Never raises: failures are recorded for `themes_backfill`."""
    return services.classify_incident_safely(incident_id=incident_id)
