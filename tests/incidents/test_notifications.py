"""Feedback e-mails to named reporters, and what happens when mail fails."""
import pytest
from django.core import mail
from django.core.management import call_command

from incidents import services
from incidents.models import Feedback
from tests.factories import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_incident(ward, reporter):
    reporter.email = "nurse@example.nhs.uk"
    reporter.save()
    return submit(ward, reporter=reporter, narrative="Pt RX778899 given wrong dose").incident


def test_reporter_is_told_there_is_feedback_without_clinical_details(named_incident, handler, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_send(incident=named_incident, by=handler, message="We changed the checking process.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nurse@example.nhs.uk"]
    assert named_incident.reference in message.subject
    assert f"/my-reports/{named_incident.reference}/" in message.body
    assert "RX778899" not in message.body and "wrong dose" not in message.body
    assert Feedback.objects.get().notified_at is not None


def test_anonymous_reporters_get_no_mail(ward, handler, django_capture_on_commit_callbacks):
    incident = submit(ward, anonymous=True).incident
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_send(incident=incident, by=handler, message="Thanks")
    assert mail.outbox == []


def test_mail_failure_keeps_the_feedback_and_retries_catch_up(
    named_incident, handler, settings, django_capture_on_commit_callbacks, capsys
):
    settings.EMAIL_BACKEND = "tests.support.mail.FailingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        feedback = services.feedback_send(incident=named_incident, by=handler, message="Reviewed.")
    stored = Feedback.objects.get(pk=feedback.pk)
    assert stored.message == "Reviewed." and stored.notified_at is None
    assert stored.notify_attempts == 1 and "ConnectionRefusedError" in stored.notify_error

    call_command("backlog", "--minutes", "0")
    assert f"feedback e-mails: 1 waiting (e.g. {named_incident.reference})" in capsys.readouterr().out

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("backlog", "--retry")
    out = capsys.readouterr().out
    assert "feedback e-mails: retried, 1 done" in out and "feedback e-mails: 0 waiting" in out
    assert len(mail.outbox) == 1
    assert Feedback.objects.get(pk=feedback.pk).notified_at is not None
