"""Saved searches: name, re-run, and e-mail about new matches without losing any to a failure."""
from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from search import indexing
from search.models import SavedSearch
from search.saved import notify_saved_searches, saved_search_create, saved_search_url
from tests.factories import submit

from .conftest import HOSPITAL_NUMBER, VALID_NHS_NUMBER


@pytest.fixture(autouse=True)
def _no_settling_delay(settings):
    settings.SEARCH_NOTIFY_SETTLE_SECONDS = 0


@pytest.fixture
def falls_search(world):
    world.governance.email = "gov@example.nhs.uk"
    world.governance.save()
    saved = saved_search_create(owner=world.governance, name="Falls", query="fall OR falls", filters={}, notify=True)
    assert saved.notified_up_to > max(i.reported_at for i in world.incidents.values())  # only new reports count
    return saved


def later():
    return timezone.now() + dt.timedelta(hours=1)


def report_fall(world, django_capture_on_commit_callbacks, text="Patient had a fall in the day room."):
    with django_capture_on_commit_callbacks(execute=True):
        return submit(world.south_ward, narrative=text, nhs_number=VALID_NHS_NUMBER, hospital_number=HOSPITAL_NUMBER).incident


def test_create_validates_name_and_role(world):
    saved = saved_search_create(owner=world.governance, name=" Falls ", query="fall", filters={"harm": ["low"], "junk": ["x"]}, notify=False)
    assert saved.name == "Falls" and saved.filters == {"harm": ["low"]}
    with pytest.raises(ValidationError, match="already have"):
        saved_search_create(owner=world.governance, name="falls", query="x", filters={}, notify=False)
    with pytest.raises(ValidationError):
        saved_search_create(owner=world.governance, name="  ", query="x", filters={}, notify=False)
    with pytest.raises(PermissionDenied):
        saved_search_create(owner=world.reporter, name="Mine", query="x", filters={}, notify=False)


def test_save_rerun_and_delete_through_the_pages(client, world):
    client.force_login(world.governance)
    response = client.post("/search/saved/new/", {"name": "Insulin near misses", "q": "insulin", "event_type": "near_miss", "notify": "on"})
    assert response.status_code == 302
    saved = SavedSearch.objects.get(owner=world.governance)
    assert saved.query == "insulin" and saved.filters == {"event_type": ["near_miss"]} and saved.notify
    listing = client.get("/search/saved/").content.decode()
    assert "Insulin near misses" in listing
    rerun = client.get(saved_search_url(saved)).content.decode()
    assert world.incidents["insulin"].reference in rerun
    client.post(f"/search/saved/{saved.pk}/delete/")
    assert not SavedSearch.objects.exists()


def test_notify_emails_new_matches_once(world, falls_search, django_capture_on_commit_callbacks):
    new = report_fall(world, django_capture_on_commit_callbacks)
    report = notify_saved_searches(now=later())
    assert report.sent == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gov@example.nhs.uk"] and new.reference in message.body
    assert "Falls" in message.subject
    # Older matches (reported before the watermark) are not repeated, nor is the new one next time.
    assert world.incidents["fall"].reference not in message.body
    assert notify_saved_searches(now=later()).nothing_new == 1 and len(mail.outbox) == 1


def test_notification_email_carries_no_narrative_or_identifiers(world, falls_search, django_capture_on_commit_callbacks):
    report_fall(world, django_capture_on_commit_callbacks, text=f"Patient had a fall; NHS number {VALID_NHS_NUMBER}.")
    notify_saved_searches(now=later())
    body = mail.outbox[0].body
    assert VALID_NHS_NUMBER not in body and HOSPITAL_NUMBER not in body and "day room" not in body


def test_mail_failure_loses_nothing_and_is_retried(world, falls_search, monkeypatch, django_capture_on_commit_callbacks):
    new = report_fall(world, django_capture_on_commit_callbacks)
    from django.core.mail import EmailMessage

    original = EmailMessage.send

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail relay down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with pytest.raises(CommandError, match="retried"):
        call_command("search_notify")
    saved = SavedSearch.objects.get(pk=falls_search.pk)
    assert "mail relay down" in saved.last_error and saved.last_notified_at is None

    monkeypatch.setattr(EmailMessage, "send", original)
    report = notify_saved_searches(now=later())
    assert report.sent == 1 and new.reference in mail.outbox[0].body
    assert SavedSearch.objects.get(pk=falls_search.pk).last_error == ""


def test_notify_waits_for_incidents_still_queued_for_indexing(world, falls_search, django_capture_on_commit_callbacks):
    new = report_fall(world, django_capture_on_commit_callbacks)
    indexing.mark_dirty([new.pk])  # as if the index had not caught up with it yet
    from search.models import IndexQueue

    IndexQueue.objects.filter(incident_id=new.pk).update(dirty_since=new.reported_at)
    assert notify_saved_searches(now=later()).sent == 0
    indexing.process()
    assert notify_saved_searches(now=later()).sent == 1 and new.reference in mail.outbox[0].body


def test_notify_uses_the_owners_scope(world, django_capture_on_commit_callbacks):
    world.handler.email = "lead@example.nhs.uk"
    world.handler.save()
    saved_search_create(owner=world.handler, name="Falls", query="fall", filters={}, notify=True)
    report_fall(world, django_capture_on_commit_callbacks)  # on the south site: outside the handler's scope
    assert notify_saved_searches(now=later()).sent == 0 and not mail.outbox


def test_a_bad_name_returns_to_the_same_search_with_the_reason(client, world):
    client.force_login(world.governance)
    saved_search_create(owner=world.governance, name="Falls", query="fall", filters={}, notify=False)
    response = client.post("/search/saved/new/", {"name": "Falls", "q": "fall", "next_query": "q=fall"}, follow=True)
    assert response.redirect_chain[-1][0] == "/search/?q=fall"
    assert "already have a saved search" in response.content.decode()
