"""Listeners inside the domain. They never raise into the code that saved the record."""
import logging

from django.db import transaction
from django.dispatch import receiver

from . import signals

logger = logging.getLogger(__name__)


@receiver(signals.feedback_sent)
def enqueue_feedback_notice(sender, feedback_id: int, **kwargs) -> None:
    from .tasks import notify_feedback

    try:
        with transaction.atomic():  # a savepoint when sent inside the follow-up transaction
            notify_feedback.enqueue(feedback_id)
    except Exception as exc:  # the queue being down must not undo the feedback; the retry command catches up
        logger.warning("could not queue feedback notice %s: %s", feedback_id, exc.__class__.__name__)
