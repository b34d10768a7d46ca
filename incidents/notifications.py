"""Telling named reporters that there is feedback on their report.

The feedback is already saved when this runs; a mail failure leaves it marked unsent, to be retried.
The e-mail says only that there is news and where to read it: no narrative, no patient details.
"""
from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from .models import Feedback

logger = logging.getLogger(__name__)


def needs_notice() -> QuerySet[Feedback]:
    """Feedback whose named reporter has an e-mail address and has not yet been told."""
    return Feedback.objects.filter(notified_at__isnull=True, incident__reporter__isnull=False).exclude(
        incident__reporter__email=""
    )


def feedback_notify(*, feedback_id: int) -> bool:
    """Send the notice for one piece of feedback. Returns True when sent (or nothing to send)."""
    feedback = needs_notice().select_related("incident__reporter").filter(pk=feedback_id).first()
    if feedback is None:
        return True
    incident = feedback.incident
    link = f"{settings.VIGIL['BASE_URL'].rstrip('/')}{reverse('my_report', args=[incident.reference])}"
    try:
        send_mail(
            subject=f"Feedback on your patient safety report {incident.reference}",
            message=(
                f"The patient safety team has replied about your report {incident.reference}.\n\n"
                f"Read it in Vigil: {link}\n\nThank you for speaking up."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[incident.reporter.email],
        )
    except Exception as exc:  # any mail failure: keep the feedback, record why, retry later
        Feedback.objects.filter(pk=feedback.pk).update(
            notify_attempts=feedback.notify_attempts + 1, notify_error=f"{exc.__class__.__name__}: {exc}"[:200]
        )
        logger.warning("feedback notice for %s not sent: %s", incident.reference, exc.__class__.__name__)
        return False
    Feedback.objects.filter(pk=feedback.pk).update(
        notified_at=timezone.now(), notify_attempts=feedback.notify_attempts + 1, notify_error=""
    )
    return True


def pending(older_than: dt.timedelta) -> tuple[int, list[str]]:
    stuck = needs_notice().filter(created_at__lt=timezone.now() - older_than)
    return stuck.count(), list(stuck.values_list("incident__reference", flat=True)[:5])


def retry(limit: int) -> int:
    return sum(feedback_notify(feedback_id=pk) for pk in needs_notice().values_list("pk", flat=True)[:limit])
