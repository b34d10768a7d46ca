"""Background tasks: thin wrappers over services, with JSON-serialisable arguments."""
from django_tasks import task

from . import notifications


@task()
def notify_feedback(feedback_id: int) -> bool:
    return notifications.feedback_notify(feedback_id=feedback_id)
